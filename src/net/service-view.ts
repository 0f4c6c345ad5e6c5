/**
 * Pure: Service + Endpoints/EndpointSlice objects → ServiceTable. EndpointSlices win over
 * Endpoints for a service that has any slice (that is what kube-proxy does too); the legacy
 * Endpoints object is the fallback. Service ports are matched to endpoint ports by name
 * (and protocol), which is how Kubernetes ties `targetPort` to the resolved port numbers.
 */
import type { KubeObject } from '../api/types.js';
import { serviceKey, type L4Protocol, type ServiceAddress, type ServiceEntry, type ServiceEndpoint, type ServicePortEntry, type ServiceTable, type ServiceType } from './types.js';
import { DEFAULT_AFFINITY_TIMEOUT_SECONDS } from './defaults.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface ServiceViewInput {
  services: readonly KubeObject[];
  endpoints?: readonly KubeObject[];
  endpointSlices?: readonly KubeObject[];
}

/** An endpoint address with the ports it serves, before matching to service ports. */
interface RawEndpoint {
  address: ServiceAddress;
  ports: Array<{ name: string; protocol: L4Protocol; port: number }>;
}

export function buildServiceTable(input: ServiceViewInput): ServiceTable {
  const slicesByService = groupSlices(input.endpointSlices ?? []);
  const endpointsByService = new Map<string, KubeObject>();
  for (const ep of input.endpoints ?? []) {
    endpointsByService.set(serviceKey(ep.metadata.namespace ?? 'default', ep.metadata.name ?? ''), ep);
  }
  const table = new Map<string, ServiceEntry>();
  for (const svc of input.services) {
    const key = serviceKey(svc.metadata.namespace ?? 'default', svc.metadata.name ?? '');
    const slices = slicesByService.get(key);
    const raw = slices ? slices.flatMap(rawFromSlice) : rawFromEndpoints(endpointsByService.get(key));
    table.set(key, entryFor(svc, raw));
  }
  return table;
}

function groupSlices(slices: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const slice of slices) {
    const svcName = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    // The proxy dials IPv4 host addresses; FQDN/IPv6 slices are not ours to route.
    if (slice.addressType !== undefined && slice.addressType !== 'IPv4') continue;
    const key = serviceKey(slice.metadata.namespace ?? 'default', svcName);
    const list = out.get(key) ?? [];
    list.push(slice);
    out.set(key, list);
  }
  return out;
}

function protocolOf(value: unknown): L4Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

function rawFromSlice(slice: KubeObject): RawEndpoint[] {
  const ports = ((slice.ports as any[] | undefined) ?? [])
    .filter((p) => typeof p?.port === 'number')
    .map((p) => ({ name: p.name ?? '', protocol: protocolOf(p.protocol), port: p.port as number }));
  const out: RawEndpoint[] = [];
  for (const ep of (slice.endpoints as any[] | undefined) ?? []) {
    const conditions = ep.conditions ?? {};
    const terminating = conditions.terminating === true;
    // A nil `ready` means "unknown" and consumers must treat it as ready (EndpointConditions docs).
    const ready = conditions.ready !== false && !terminating;
    for (const ip of (ep.addresses as string[] | undefined) ?? []) {
      out.push({ address: addressOf(ip, ready, terminating, ep), ports });
    }
  }
  return out;
}

function rawFromEndpoints(endpoints: KubeObject | undefined): RawEndpoint[] {
  const out: RawEndpoint[] = [];
  for (const subset of (endpoints?.subsets as any[] | undefined) ?? []) {
    const ports = ((subset.ports as any[] | undefined) ?? [])
      .filter((p) => typeof p?.port === 'number')
      .map((p) => ({ name: p.name ?? '', protocol: protocolOf(p.protocol), port: p.port as number }));
    for (const a of (subset.addresses as any[] | undefined) ?? []) out.push({ address: addressOf(a.ip, true, false, a), ports });
    for (const a of (subset.notReadyAddresses as any[] | undefined) ?? []) out.push({ address: addressOf(a.ip, false, false, a), ports });
  }
  return out;
}

function addressOf(ip: string, ready: boolean, terminating: boolean, source: any): ServiceAddress {
  const address: ServiceAddress = { ip, ready, terminating };
  if (typeof source.hostname === 'string' && source.hostname) address.hostname = source.hostname;
  if (typeof source.nodeName === 'string' && source.nodeName) address.nodeName = source.nodeName;
  if (source.targetRef?.kind === 'Pod' && typeof source.targetRef.name === 'string') address.podName = source.targetRef.name;
  return address;
}

function serviceTypeOf(value: unknown): ServiceType {
  return value === 'NodePort' || value === 'LoadBalancer' || value === 'ExternalName' ? value : 'ClusterIP';
}

function entryFor(svc: KubeObject, raw: RawEndpoint[]): ServiceEntry {
  const spec = svc.spec ?? {};
  const type = serviceTypeOf(spec.type);
  const headless = spec.clusterIP === 'None';
  const hasClusterIP = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && !headless && type !== 'ExternalName';
  const affinity = spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None';
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  const entry: ServiceEntry = {
    namespace: svc.metadata.namespace ?? 'default',
    name: svc.metadata.name ?? '',
    type,
    ports: ((spec.ports as any[] | undefined) ?? []).map((p): ServicePortEntry => portEntry(p, raw)),
    sessionAffinity: affinity,
    sessionAffinityTimeoutSeconds: typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_AFFINITY_TIMEOUT_SECONDS,
    headless,
    addresses: mergeAddresses(raw),
  };
  if (hasClusterIP) entry.clusterIP = spec.clusterIP;
  if (type === 'ExternalName' && typeof spec.externalName === 'string') entry.externalName = spec.externalName;
  return entry;
}

function portEntry(p: any, raw: RawEndpoint[]): ServicePortEntry {
  const name: string = p.name ?? '';
  const protocol = protocolOf(p.protocol);
  const byAddress = new Map<string, ServiceEndpoint>();
  for (const { address, ports } of raw) {
    const match = ports.find((ep) => ep.name === name && ep.protocol === protocol);
    if (!match) continue;
    const key = `${address.ip}:${match.port}`;
    const existing = byAddress.get(key);
    // Slices may overlap while the controller moves an endpoint; a ready copy wins.
    if (existing && (existing.ready || !address.ready)) continue;
    byAddress.set(key, { ...address, port: match.port });
  }
  const entry: ServicePortEntry = { name, protocol, port: p.port, endpoints: [...byAddress.values()].sort(compareEndpoints) };
  if (typeof p.nodePort === 'number' && p.nodePort > 0) entry.nodePort = p.nodePort;
  return entry;
}

function mergeAddresses(raw: RawEndpoint[]): ServiceAddress[] {
  const byIp = new Map<string, ServiceAddress>();
  for (const { address } of raw) {
    const existing = byIp.get(address.ip);
    if (existing && (existing.ready || !address.ready)) continue;
    byIp.set(address.ip, address);
  }
  return [...byIp.values()].sort((a, b) => a.ip.localeCompare(b.ip));
}

/** Stable order so round-robin and DNS answers do not reshuffle on every resync. */
function compareEndpoints(a: ServiceEndpoint, b: ServiceEndpoint): number {
  return a.ip === b.ip ? a.port - b.port : a.ip.localeCompare(b.ip);
}
