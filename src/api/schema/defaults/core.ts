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
  mountServiceAccountToken(spec);
  defaultPodSpec(spec);
}

/** Where Kubernetes mounts a pod's API credentials (token, ca.crt, namespace). */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const API_ACCESS_VOLUME = 'kube-api-access';

/**
 * The ServiceAccount admission plugin's token mount, for pods that ask for it with
 * `automountServiceAccountToken: true`: a projected `serviceAccountToken` volume (the agent adds
 * `ca.crt` and `namespace` beside the token) mounted read-only in every container. Unlike
 * Kubernetes, a pod that says nothing gets no mount: most workloads never call the API, and a
 * credential nobody asked for is one more to leak. Idempotent, so updates keep the same spec.
 */
function mountServiceAccountToken(spec: NonNullable<Pod['spec']>): void {
  if (spec.automountServiceAccountToken !== true) return;
  const volumes = (spec.volumes ??= []);
  if (!volumes.some((v) => v.name === API_ACCESS_VOLUME)) {
    volumes.push({ name: API_ACCESS_VOLUME, projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } });
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const mounts = (c.volumeMounts ??= []);
    if (!mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) mounts.push({ name: API_ACCESS_VOLUME, mountPath: SERVICE_ACCOUNT_MOUNT_PATH, readOnly: true });
  }
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
