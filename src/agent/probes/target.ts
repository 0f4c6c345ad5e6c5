/**
 * Where a probe connects: the container's ports are published on the host, so a probe
 * for containerPort 8080 (or the port named "http") goes to the published hostIP:hostPort.
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import type { Container } from '../pod/pod-types.js';

export type ProbeTarget = { ok: true; host: string; port: number } | { ok: false; message: string };

export function resolveProbeTarget(port: number | string, spec: Container, info: Pick<ContainerInfo, 'ports'>, host?: string): ProbeTarget {
  const containerPort = typeof port === 'number' ? port
    : /^\d+$/.test(port) ? Number(port)
      : spec.ports?.find((p) => p.name === port)?.containerPort;
  if (containerPort === undefined) return { ok: false, message: `port "${port}" is not a named port of container ${spec.name}` };
  const published = info.ports.find((p) => p.containerPort === containerPort && p.protocol === 'TCP');
  if (!published) {
    // Process-runtime containers listen on the host directly: the container port is the host port.
    return { ok: true, host: host ?? '127.0.0.1', port: containerPort };
  }
  const boundHost = published.hostIP === '0.0.0.0' || published.hostIP === '' ? '127.0.0.1' : published.hostIP;
  return { ok: true, host: host ?? boundHost, port: published.hostPort };
}
