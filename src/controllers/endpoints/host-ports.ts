/**
 * Reading the agent's record of published ports. Containers publish their ports on the
 * host's address (architecture.md §7), so a pod is reached at hostIP:hostPort, and the host
 * port differs from pod to pod. The agent writes the mapping into the pod annotation
 * HOST_PORTS_ANNOTATION (src/agent/pod/host-ports.ts builds it; both sides share this format):
 *   {"<containerName>/<containerPort>/<protocol>": "<hostIP>:<hostPort>"}
 */
import type { KubeObject } from '../../api/types.js';

export const HOST_PORTS_ANNOTATION = 'tugboat.io/host-ports';

export interface HostPort { ip: string; port: number }

/** containerName/containerPort/protocol → published address; empty when absent or unreadable. */
export type HostPortMap = ReadonlyMap<string, HostPort>;

export function hostPortKey(containerName: string, containerPort: number, protocol: string): string {
  return `${containerName}/${containerPort}/${protocol}`;
}

/** Unspecified bind addresses mean "every host address": the node's own address stands in. */
const UNSPECIFIED = new Set(['', '0.0.0.0', '::', '[::]']);

export function parseHostPorts(pod: KubeObject): HostPortMap {
  const raw = pod.metadata.annotations?.[HOST_PORTS_ANNOTATION];
  const out = new Map<string, HostPort>();
  if (!raw) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return out;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  const nodeIP: string | undefined = pod.status?.hostIP || pod.status?.podIP || undefined;
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string') continue;
    const colon = value.lastIndexOf(':');
    const port = Number(value.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port) || port <= 0 || port > 65535) continue;
    let ip = value.slice(0, colon);
    if (UNSPECIFIED.has(ip)) {
      if (!nodeIP) continue;
      ip = nodeIP;
    }
    out.set(key, { ip: ip.replace(/^\[(.*)\]$/, '$1'), port });
  }
  return out;
}
