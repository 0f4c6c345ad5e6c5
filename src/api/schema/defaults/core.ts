/** Defaults for core/v1 kinds other than workloads (SetDefaults_Service, _Secret …). */
import type { Endpoints } from '../endpoints.js';
import type { EndpointSlice } from '../endpointslice.js';
import type { Namespace } from '../namespace.js';
import type { PersistentVolume } from '../persistentvolume.js';
import type { PersistentVolumeClaim } from '../persistentvolumeclaim.js';
import type { Pod } from '../pod.js';
import type { Secret } from '../secret.js';
import type { Service } from '../service.js';
import type { StorageClass } from '../storageclass.js';
import { defaultPodSpec } from './pod-spec.js';

export function defaultPod(pod: Pod): void {
  const spec = (pod.spec ??= {});
  // The ServiceAccount admission plugin gives every pod the namespace's "default" account.
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  defaultPodSpec(spec);
}

export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
  if (spec.type === 'ExternalName') return;
  spec.internalTrafficPolicy ??= 'Cluster';
  // Tugboat is IPv4 single-stack; these mirror what the allocator reports upstream.
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.ipFamilies ??= ['IPv4'];
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

/** `stringData` is write-only: it is merged into base64 `data` and dropped (Secret conversion). */
export function defaultSecret(secret: Secret): void {
  secret.type ??= 'Opaque';
  if (secret.stringData) {
    const data = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
    secret.data = data;
    delete secret.stringData;
  }
}

export function defaultNamespace(ns: Namespace): void {
  const spec = (ns.spec ??= {});
  spec.finalizers ??= ['kubernetes'];
  const status = (ns.status ??= {});
  status.phase ??= 'Active';
  const name = ns.metadata?.name;
  // Upstream labels every namespace with its own name so selectors can pick namespaces.
  if (name && ns.metadata) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  const spec = (pvc.spec ??= {});
  spec.volumeMode ??= 'Filesystem';
}

export function defaultPersistentVolume(pv: PersistentVolume): void {
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ??= 'Retain';
  spec.volumeMode ??= 'Filesystem';
}

export function defaultEndpoints(ep: Endpoints): void {
  for (const subset of ep.subsets ?? []) for (const p of subset.ports ?? []) p.protocol ??= 'TCP';
}

export function defaultEndpointSlice(slice: EndpointSlice): void {
  for (const p of slice.ports ?? []) p.protocol ??= 'TCP';
}

export function defaultStorageClass(sc: StorageClass): void {
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}
