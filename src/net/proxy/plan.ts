/**
 * Pure: ServiceTable → the listeners this host should have. One listener per
 * (protocol, address, port): the ClusterIP port, and the NodePort on the node address.
 */
import type { ServiceEndpoint, ServiceTable } from '../types.js';
import { cidrContains, type Ipv4Cidr } from '../../api/cidr.js';

export type ProxyProtocol = 'TCP' | 'UDP';

export type AffinityPolicy = { kind: 'None' } | { kind: 'ClientIP'; timeoutMs: number };

export interface ListenerSpec {
  key: string;
  protocol: ProxyProtocol;
  address: string;
  port: number;
  /** `<namespace>/<name>` of the service, and the service port name, for logs and drain reports. */
  service: string;
  portName: string;
  /** Endpoints that may take new connections, in stable order. */
  readyEndpoints: ServiceEndpoint[];
  affinity: AffinityPolicy;
}

export interface PlanProblem {
  service: string;
  portName: string;
  reason: 'ClusterIPOutOfRange' | 'UnsupportedProtocol' | 'UnsupportedFeature' | 'ListenerConflict';
  message: string;
}

export interface ListenerPlan {
  listeners: Map<string, ListenerSpec>;
  problems: PlanProblem[];
}

export function listenerKey(protocol: ProxyProtocol, address: string, port: number): string {
  return `${protocol}/${address}:${port}`;
}

export function endpointKey(ep: { ip: string; port: number }): string {
  return `${ep.ip}:${ep.port}`;
}

export function planListeners(table: ServiceTable, options: { nodeAddress: string; clusterIPRange?: Ipv4Cidr }): ListenerPlan {
  const listeners = new Map<string, ListenerSpec>();
  const problems: PlanProblem[] = [];
  for (const [service, entry] of table) {
    if (entry.type === 'ExternalName' || entry.headless) continue;
    const affinity: AffinityPolicy = entry.sessionAffinity === 'ClientIP'
      ? { kind: 'ClientIP', timeoutMs: entry.sessionAffinityTimeoutSeconds * 1000 }
      : { kind: 'None' };
    const clusterIPUsable = entry.clusterIP !== undefined && (!options.clusterIPRange || cidrContains(options.clusterIPRange, entry.clusterIP));
    for (const port of entry.ports) {
      if (port.protocol === 'SCTP') {
        problems.push({ service, portName: port.name, reason: 'UnsupportedProtocol', message: 'SCTP is not proxied' });
        continue;
      }
      if (entry.clusterIP !== undefined && !clusterIPUsable) {
        problems.push({ service, portName: port.name, reason: 'ClusterIPOutOfRange', message: `ClusterIP ${entry.clusterIP} is outside the proxy's ClusterIP range` });
      }
      const base = { protocol: port.protocol, service, portName: port.name, affinity, readyEndpoints: port.endpoints.filter((e) => e.ready && !e.terminating) };
      const addresses: Array<[string, number]> = [];
      if (clusterIPUsable) addresses.push([entry.clusterIP as string, port.port]);
      if (port.nodePort !== undefined && (entry.type === 'NodePort' || entry.type === 'LoadBalancer')) addresses.push([options.nodeAddress, port.nodePort]);
      for (const [address, listenPort] of addresses) {
        const key = listenerKey(port.protocol, address, listenPort);
        const holder = listeners.get(key);
        if (holder) {
          problems.push({ service, portName: port.name, reason: 'ListenerConflict', message: `${key} is already used by ${holder.service}` });
          continue;
        }
        listeners.set(key, { ...base, key, address, port: listenPort });
      }
    }
  }
  return { listeners, problems };
}
