/**
 * ClusterIP and NodePort allocation for Services, at create time as Kubernetes does.
 * The range defaults to 127.10.0.0/16: loopback addresses every Linux host can bind without
 * setup, so the per-host proxy serves them at once (a real range needs `ip route add local`).
 * `allocate()` is pure; the caller serialises creates and passes what is in use.
 */
import { cidrContains, cidrSize, formatIpv4, parseCidr } from '../../api/cidr.js';
import { invalid } from '../../api/errors.js';
import type { KubeObject, StatusCause } from '../../api/types.js';

export interface ServiceNetwork {
  clusterIPRange: string;
  nodePortRange: { min: number; max: number };
}

export const DEFAULT_SERVICE_NETWORK: ServiceNetwork = {
  clusterIPRange: '127.10.0.0/16',
  nodePortRange: { min: 30000, max: 32767 },
};

export interface InUse {
  clusterIPs: Set<string>;
  nodePorts: Set<number>;
}

export function inUseBy(services: KubeObject[]): InUse {
  const used: InUse = { clusterIPs: new Set(), nodePorts: new Set() };
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (ip && ip !== 'None') used.clusterIPs.add(ip);
    for (const p of svc.spec?.ports ?? []) if (p.nodePort) used.nodePorts.add(p.nodePort);
  }
  return used;
}

const wantsClusterIP = (type: string | undefined) => type !== 'ExternalName';
const wantsNodePort = (type: string | undefined) => type === 'NodePort' || type === 'LoadBalancer';

/** The Service with its addresses filled in, or an Invalid error naming the field. */
export function allocate(service: KubeObject, used: InUse, network: ServiceNetwork, random: () => number = Math.random): KubeObject {
  const spec = structuredClone(service.spec ?? {});
  const causes: StatusCause[] = [];
  const range = parseCidr(network.clusterIPRange);
  if (!range) throw new Error(`invalid ClusterIP range ${network.clusterIPRange}`);
  if (wantsClusterIP(spec.type) && spec.clusterIP !== 'None') {
    if (spec.clusterIP) {
      if (!cidrContains(range, spec.clusterIP)) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${spec.clusterIP}": provided IP is not in the valid range. The range of valid IPs is ${network.clusterIPRange}` });
      } else if (used.clusterIPs.has(spec.clusterIP)) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Invalid value: "${spec.clusterIP}": provided IP is already allocated` });
      }
    } else {
      const ip = freeAddress(range.base, cidrSize(range), used.clusterIPs, random);
      if (!ip) causes.push({ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: `Internal error: no free address in ${network.clusterIPRange}` });
      else spec.clusterIP = ip;
    }
    if (spec.clusterIP) spec.clusterIPs = [spec.clusterIP];
  }
  if (wantsNodePort(spec.type)) {
    const taken = new Set(used.nodePorts);
    (spec.ports ?? []).forEach((port: { nodePort?: number }, i: number) => {
      if (port.nodePort) {
        if (taken.has(port.nodePort)) causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${port.nodePort}: provided port is already allocated` });
        taken.add(port.nodePort);
        return;
      }
      const free = freePort(network.nodePortRange, taken, random);
      if (free === undefined) causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: 'Internal error: no free node port' });
      else { port.nodePort = free; taken.add(free); }
    });
  }
  if (causes.length > 0) throw invalid('Service', service.metadata.name ?? '', causes);
  return { ...service, spec };
}

/** A random free address, skipping the network's first (network) address; scans on collision. */
function freeAddress(base: number, size: number, used: Set<string>, random: () => number): string | undefined {
  const usable = Math.max(0, size - 2);
  const start = Math.floor(random() * usable);
  for (let i = 0; i < usable; i++) {
    const ip = formatIpv4((base + 1 + ((start + i) % usable)) >>> 0);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

function freePort(range: { min: number; max: number }, used: Set<number>, random: () => number): number | undefined {
  const span = range.max - range.min + 1;
  const start = Math.floor(random() * span);
  for (let i = 0; i < span; i++) {
    const port = range.min + ((start + i) % span);
    if (!used.has(port)) return port;
  }
  return undefined;
}

