/**
 * ClusterIP and NodePort allocation for Services, at create time as Kubernetes does.
 * The range defaults to 10.43.0.0/16 (k3s' default; `tug up --service-cidr`): not loopback,
 * because containers on a Docker bridge cannot reach the host's 127/8. Each agent makes the
 * range local (`ip route replace local <cidr> dev lo`) so its proxy can bind every ClusterIP.
 * `allocate()` is pure; the caller serialises creates and passes what is in use.
 */
import { cidrContains, cidrSize, formatIpv4, parseCidr } from '../../api/cidr.js';
import { invalid } from '../../api/errors.js';
import type { KubeObject, StatusCause } from '../../api/types.js';
import { resourceByPath } from '../../api/resources.js';
import { decodeKv } from './codec.js';
import type { RegistryDeps } from './context.js';
import { collectionPrefix } from './keys.js';

export interface ServiceNetwork {
  clusterIPRange: string;
  nodePortRange: { min: number; max: number };
}

export const DEFAULT_SERVICE_NETWORK: ServiceNetwork = {
  clusterIPRange: '10.43.0.0/16',
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


interface ServicePortSpec { name?: string; port?: number; protocol?: string; nodePort?: number }

/**
 * An update's addresses (pure), after admission kept what a replace left out
 * (keepAllocatedServiceFields): a type change to NodePort/LoadBalancer gets node ports, one
 * away from them releases them (they are no longer stored), a switch from ExternalName gets a
 * ClusterIP, one to ExternalName drops it. A node port the update introduces must be free among
 * the *other* Services (`usedByOthers`), else Invalid as at create.
 */
export function allocateOnUpdate(next: KubeObject, old: KubeObject, usedByOthers: InUse, network: ServiceNetwork, random: () => number = Math.random): KubeObject {
  const spec = structuredClone(next.spec ?? {});
  const causes: StatusCause[] = [];
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (!spec.clusterIP) {
    const allocated = allocate({ ...next, spec: { ...spec, type: 'ClusterIP', ports: [] } }, usedByOthers, network, random);
    spec.clusterIP = allocated.spec.clusterIP;
    spec.clusterIPs = allocated.spec.clusterIPs;
  }
  const ports: ServicePortSpec[] = spec.ports ?? [];
  if (!wantsNodePort(spec.type)) {
    for (const port of ports) delete port.nodePort;
  } else {
    const own = new Set(((old.spec?.ports ?? []) as ServicePortSpec[]).map((p) => p.nodePort).filter((p): p is number => !!p));
    const taken = new Set(usedByOthers.nodePorts);
    ports.forEach((port, i) => {
      if (!port.nodePort) return;
      if (taken.has(port.nodePort)) {
        causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${port.nodePort}: provided port is already allocated` });
      } else if (!own.has(port.nodePort) && (port.nodePort < network.nodePortRange.min || port.nodePort > network.nodePortRange.max)) {
        causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: `Invalid value: ${port.nodePort}: provided port is not in the valid range` });
      }
      taken.add(port.nodePort);
    });
    ports.forEach((port, i) => {
      if (port.nodePort) return;
      const free = freePort(network.nodePortRange, taken, random);
      if (free === undefined) causes.push({ reason: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, message: 'Internal error: no free node port' });
      else { port.nodePort = free; taken.add(free); }
    });
  }
  if (causes.length > 0) throw invalid('Service', next.metadata.name ?? '', causes);
  return { ...next, spec };
}

/** The addresses in use by every Service except `self` (namespace/name). */
export function inUseByOthers(services: KubeObject[], self: { namespace?: string; name?: string }): InUse {
  return inUseBy(services.filter((s) => !(s.metadata.namespace === self.namespace && s.metadata.name === self.name)));
}

/** The lock create.ts holds while allocating; updates that allocate hold it too. */
export const SERVICE_ALLOCATION_LOCK_KEY = '/tugboat/allocations/services';

export function isServiceSpecWrite(resource: { group: string; resource: string }, subresource: string | undefined): boolean {
  return resource.group === '' && resource.resource === 'services' && subresource === undefined;
}

/** allocateOnUpdate with what the other stored Services use (call under SERVICE_ALLOCATION_LOCK_KEY). */
export async function allocateServiceUpdate(deps: RegistryDeps, old: KubeObject, next: KubeObject): Promise<KubeObject> {
  // A deletion in progress (finalizers) allocates nothing new.
  if (next.metadata.deletionTimestamp) return next;
  const services = resourceByPath('', 'v1', 'services')!;
  const listed = await deps.store.list(collectionPrefix(services, undefined));
  const existing = listed.ok ? listed.items.map(decodeKv) : [];
  return allocateOnUpdate(next, old, inUseByOthers(existing, old.metadata), deps.serviceNetwork ?? DEFAULT_SERVICE_NETWORK);
}
