/**
 * Pure: where one pod serves a Service. Each service port's targetPort (a number, or a
 * container port name resolved per pod like Kubernetes' FindPort) is looked up in the pod's
 * published-port map, giving the host address and host port of that pod for that port.
 * A port the pod does not publish (yet) is left out for that pod.
 */
import type { KubeObject } from '../../api/types.js';
import { hostPortKey, type HostPortMap } from './host-ports.js';

export interface ServicePortSpec {
  name: string;
  port: number;
  protocol: string;
  targetPort: number | string;
  appProtocol?: string;
}

/** A port as Endpoints/EndpointSlices list it: the service port's name, the pod's host port. */
export interface EndpointPort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** One address of one pod with the ports it serves there (a pod normally has one address). */
export interface PodAddress {
  pod: KubeObject;
  ip: string;
  ports: EndpointPort[];
}

export interface PodResolution {
  addresses: PodAddress[];
  /** Named targetPorts (service port names) that no container of this pod declares. */
  undeclaredNames: string[];
}

export function servicePortsOf(service: KubeObject): ServicePortSpec[] {
  const ports: any[] = service.spec?.ports ?? [];
  return ports.filter((p) => typeof p?.port === 'number').map((p) => ({
    name: typeof p.name === 'string' ? p.name : '',
    port: p.port,
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
    targetPort: p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '' ? p.port : p.targetPort,
    ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}),
  }));
}

/** The node address a pod without published ports (headless, no ports) is listed under. */
function nodeAddressOf(pod: KubeObject): string | undefined {
  return pod.status?.hostIP || pod.status?.podIP || undefined;
}

export function resolvePod(pod: KubeObject, ports: readonly ServicePortSpec[], hostPorts: HostPortMap): PodResolution {
  if (ports.length === 0) {
    const ip = nodeAddressOf(pod);
    return { addresses: ip ? [{ pod, ip, ports: [] }] : [], undeclaredNames: [] };
  }
  const byIp = new Map<string, EndpointPort[]>();
  const undeclaredNames: string[] = [];
  for (const sp of ports) {
    const target = containerPortFor(pod, sp, hostPorts);
    if (target === 'undeclared') {
      undeclaredNames.push(sp.name);
      continue;
    }
    const published = target && hostPorts.get(hostPortKey(target.container, target.port, sp.protocol));
    if (!published) continue;
    const list = byIp.get(published.ip) ?? [];
    list.push({ name: sp.name, port: published.port, protocol: sp.protocol, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    byIp.set(published.ip, list);
  }
  return { addresses: [...byIp].map(([ip, list]) => ({ pod, ip, ports: list })), undeclaredNames };
}

/** Which container port a service port targets in this pod; 'undeclared' for an unknown name. */
function containerPortFor(pod: KubeObject, sp: ServicePortSpec, hostPorts: HostPortMap): { container: string; port: number } | 'undeclared' | undefined {
  const containers: any[] = pod.spec?.containers ?? [];
  const numeric = typeof sp.targetPort === 'number' ? sp.targetPort : /^\d+$/.test(sp.targetPort) ? Number(sp.targetPort) : undefined;
  if (numeric === undefined) {
    for (const c of containers) {
      const match = (c.ports ?? []).find((p: any) => p.name === sp.targetPort && (p.protocol ?? 'TCP') === sp.protocol);
      if (match) return { container: c.name, port: match.containerPort };
    }
    return 'undeclared';
  }
  // A number needs no declaration in Kubernetes; here it must have been published, by whichever container.
  const declaring = containers.find((c) => (c.ports ?? []).some((p: any) => p.containerPort === numeric && (p.protocol ?? 'TCP') === sp.protocol));
  if (declaring && hostPorts.has(hostPortKey(declaring.name, numeric, sp.protocol))) return { container: declaring.name, port: numeric };
  const suffix = `/${numeric}/${sp.protocol}`;
  const key = [...hostPorts.keys()].filter((k) => k.endsWith(suffix)).sort()[0];
  return key ? { container: key.slice(0, key.length - suffix.length), port: numeric } : undefined;
}
