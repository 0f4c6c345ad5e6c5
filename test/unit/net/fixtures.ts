/** Builders for Service / EndpointSlice / Endpoints objects and ServiceTable entries. */
import type { KubeObject } from '../../../src/api/types.js';
import type { ServiceEndpoint, ServiceEntry, ServicePortEntry } from '../../../src/net/index.js';

export function aService(opts: {
  name: string; namespace?: string; clusterIP?: string; type?: string; externalName?: string;
  ports?: Array<{ name?: string; port: number; protocol?: string; nodePort?: number }>;
  sessionAffinity?: string; affinityTimeoutSeconds?: number;
}): KubeObject {
  const spec: Record<string, unknown> = { ports: opts.ports ?? [{ name: 'http', port: 80 }] };
  if (opts.clusterIP !== undefined) spec.clusterIP = opts.clusterIP;
  if (opts.type) spec.type = opts.type;
  if (opts.externalName) spec.externalName = opts.externalName;
  if (opts.sessionAffinity) spec.sessionAffinity = opts.sessionAffinity;
  if (opts.affinityTimeoutSeconds) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: opts.affinityTimeoutSeconds } };
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: opts.name, namespace: opts.namespace ?? 'default' }, spec };
}

export interface SliceEndpoint {
  ip: string; ready?: boolean | null; serving?: boolean; terminating?: boolean; pod?: string; node?: string; hostname?: string;
}

export function aSlice(opts: {
  service: string; name?: string; namespace?: string; addressType?: string;
  ports: Array<{ name?: string; port: number; protocol?: string }>; endpoints: SliceEndpoint[];
}): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: opts.name ?? `${opts.service}-abc`, namespace: opts.namespace ?? 'default', labels: { 'kubernetes.io/service-name': opts.service } },
    addressType: opts.addressType ?? 'IPv4',
    ports: opts.ports,
    endpoints: opts.endpoints.map((e) => {
      const conditions: Record<string, boolean> = {};
      if (e.ready !== null) conditions.ready = e.ready ?? true;
      if (e.serving !== undefined) conditions.serving = e.serving;
      if (e.terminating !== undefined) conditions.terminating = e.terminating;
      return {
        addresses: [e.ip], conditions,
        ...(e.node ? { nodeName: e.node } : {}),
        ...(e.hostname ? { hostname: e.hostname } : {}),
        ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace: opts.namespace ?? 'default' } } : {}),
      };
    }),
  };
}

export function anEndpointsObject(opts: {
  name: string; namespace?: string;
  subsets: Array<{ ready?: string[]; notReady?: string[]; ports: Array<{ name?: string; port: number; protocol?: string }> }>;
}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Endpoints', metadata: { name: opts.name, namespace: opts.namespace ?? 'default' },
    subsets: opts.subsets.map((s) => ({
      addresses: (s.ready ?? []).map((ip) => ({ ip })),
      notReadyAddresses: (s.notReady ?? []).map((ip) => ({ ip })),
      ports: s.ports,
    })),
  };
}

export function anEndpoint(ip: string, port: number, extra: Partial<ServiceEndpoint> = {}): ServiceEndpoint {
  return { ip, port, ready: true, terminating: false, ...extra };
}

/** A ServiceTable entry built directly (for proxy and DNS tests that skip the view). */
export function anEntry(opts: Partial<ServiceEntry> & { name: string; ports?: ServicePortEntry[] }): ServiceEntry {
  const ports = opts.ports ?? [];
  const addresses = opts.addresses ?? [...new Map(ports.flatMap((p) => p.endpoints).map((e) => [e.ip, { ip: e.ip, ready: e.ready, terminating: e.terminating, ...(e.hostname ? { hostname: e.hostname } : {}) }])).values()];
  return {
    namespace: 'default', type: 'ClusterIP', sessionAffinity: 'None', sessionAffinityTimeoutSeconds: 10_800, headless: false,
    ...opts, ports, addresses,
  };
}

export function aTable(...entries: ServiceEntry[]): Map<string, ServiceEntry> {
  return new Map(entries.map((e) => [`${e.namespace}/${e.name}`, e]));
}
