/**
 * Pure: the Endpoints object and EndpointSlices a Service should have, given the pods it
 * selects. Every pod publishes its ports on its own random host ports, so pods rarely share
 * a port set: pods are grouped into Endpoints subsets (as Kubernetes' RepackSubsets does)
 * and into one EndpointSlice per distinct port set.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, OwnerReference } from '../../api/types.js';
import type { EndpointPort, PodAddress } from './pod-endpoints.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** A pod address with the pod's readiness facts. */
export interface CandidateAddress extends PodAddress {
  ready: boolean;
  terminating: boolean;
}

function comparePorts(a: EndpointPort, b: EndpointPort): number {
  return a.name.localeCompare(b.name) || a.port - b.port || a.protocol.localeCompare(b.protocol);
}

export function portSetKey(ports: readonly EndpointPort[]): string {
  return JSON.stringify([...ports].sort(comparePorts).map((p) => [p.name, p.port, p.protocol, p.appProtocol ?? '']));
}

function targetRefOf(pod: KubeObject) {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name!, uid: pod.metadata.uid! };
}

/** Kubernetes sets a DNS hostname only for pods that name this Service as their subdomain. */
function hostnameOf(service: KubeObject, pod: KubeObject): string | undefined {
  const hostname: unknown = pod.spec?.hostname;
  return typeof hostname === 'string' && hostname && pod.spec?.subdomain === service.metadata.name ? hostname : undefined;
}

function labelsFor(service: KubeObject): Record<string, string> {
  return { ...(service.metadata.labels ?? {}), ...(service.spec?.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}) };
}

function byAddress(a: { ip: string; targetRef: { name: string } }, b: { ip: string; targetRef: { name: string } }): number {
  return a.ip.localeCompare(b.ip) || a.targetRef.name.localeCompare(b.targetRef.name);
}

function endpointsPort(p: EndpointPort) {
  return { ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) };
}

/**
 * Terminating pods are left out unless publishNotReadyAddresses (Kubernetes'
 * ShouldPodBeInEndpoints); with it every address is listed as ready.
 */
export function desiredEndpoints(service: KubeObject, candidates: readonly CandidateAddress[]): KubeObject {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  type Address = ReturnType<typeof endpointAddress>;
  const groups = new Map<string, { ports: EndpointPort[]; addresses: Address[]; notReadyAddresses: Address[] }>();
  const endpointAddress = (c: CandidateAddress) => {
    const hostname = hostnameOf(service, c.pod);
    return {
      ip: c.ip, ...(hostname ? { hostname } : {}),
      ...(c.pod.spec?.nodeName ? { nodeName: c.pod.spec.nodeName as string } : {}),
      targetRef: targetRefOf(c.pod),
    };
  };
  for (const c of candidates) {
    if (c.terminating && !publishNotReady) continue;
    const key = portSetKey(c.ports);
    let group = groups.get(key);
    if (!group) groups.set(key, group = { ports: [...c.ports].sort(comparePorts), addresses: [], notReadyAddresses: [] });
    (publishNotReady || c.ready ? group.addresses : group.notReadyAddresses).push(endpointAddress(c));
  }
  const subsets = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => ({
    ...(g.addresses.length ? { addresses: g.addresses.sort(byAddress) } : {}),
    ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses.sort(byAddress) } : {}),
    ...(g.ports.length ? { ports: g.ports.map(endpointsPort) } : {}),
  }));
  return {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: service.metadata.name!, namespace: service.metadata.namespace ?? 'default', labels: labelsFor(service) },
    subsets,
  };
}

/** Stable slice names: the same port set always lands in the same slice. */
export function sliceName(service: KubeObject, portKey: string): string {
  return `${service.metadata.name}-${createHash('sha256').update(portKey).digest('hex').slice(0, 10)}`;
}

function serviceOwner(service: KubeObject): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: service.metadata.name!, uid: service.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * One IPv4 slice per port set, terminating pods included with their conditions
 * (ready = publishNotReadyAddresses || (ready && !terminating), serving = ready). A Service
 * with no endpoints keeps one empty placeholder slice, as in Kubernetes.
 */
export function desiredSlices(service: KubeObject, candidates: readonly CandidateAddress[]): KubeObject[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Array<Record<string, unknown> & { ip: string; targetRef: { name: string } }> }>();
  for (const c of candidates) {
    if (!IPV4.test(c.ip)) continue;
    const key = portSetKey(c.ports);
    let group = groups.get(key);
    if (!group) groups.set(key, group = { ports: [...c.ports].sort(comparePorts), endpoints: [] });
    const hostname = hostnameOf(service, c.pod);
    group.endpoints.push({
      ip: c.ip,
      addresses: [c.ip],
      conditions: { ready: publishNotReady || (c.ready && !c.terminating), serving: c.ready, terminating: c.terminating },
      ...(hostname ? { hostname } : {}),
      ...(c.pod.spec?.nodeName ? { nodeName: c.pod.spec.nodeName as string } : {}),
      targetRef: targetRefOf(c.pod),
    });
  }
  if (groups.size === 0) groups.set(portSetKey([]), { ports: [], endpoints: [] });
  const labels = { ...labelsFor(service), [SERVICE_NAME_LABEL]: service.metadata.name!, [MANAGED_BY_LABEL]: MANAGED_BY };
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, g]) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: {
      name: sliceName(service, key), namespace: service.metadata.namespace ?? 'default',
      labels, ownerReferences: [serviceOwner(service)],
    },
    addressType: 'IPv4',
    endpoints: g.endpoints.sort(byAddress).map(({ ip: _ip, ...endpoint }) => endpoint),
    ports: g.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) })),
  }));
}
