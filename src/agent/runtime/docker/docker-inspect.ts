/** Pure translation of `docker inspect` output into ContainerInfo. */
import type Docker from 'dockerode';
import type { ContainerInfo, ContainerStateName } from '../runtime.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';

function time(value: string | undefined): string | undefined {
  return !value || value === ZERO_TIME ? undefined : new Date(value).toISOString();
}

export function stateName(status: string): ContainerStateName {
  switch (status) {
    case 'created': return 'created';
    case 'running': case 'paused': case 'restarting': return 'running';
    case 'exited': case 'dead': case 'removing': return 'exited';
    default: return 'unknown';
  }
}

type Bindings = Record<string, Array<{ HostIp: string; HostPort: string }> | null> | undefined;

function portsOf(inspect: Docker.ContainerInspectInfo): ContainerInfo['ports'] {
  // Live bindings while running; otherwise what was asked for (fixed host ports only).
  const live = inspect.NetworkSettings?.Ports as Bindings;
  const requested = inspect.HostConfig?.PortBindings as Bindings;
  const source = live && Object.keys(live).length > 0 ? live : requested ?? {};
  const ports: ContainerInfo['ports'] = [];
  for (const [key, binds] of Object.entries(source)) {
    const [port, proto] = key.split('/');
    for (const b of binds ?? []) {
      const hostPort = Number(b.HostPort);
      // Docker lists IPv4 and IPv6 bindings of 0.0.0.0; keep one per host port.
      if (!hostPort || b.HostIp === '::') continue;
      ports.push({ containerPort: Number(port), protocol: proto === 'udp' ? 'UDP' : 'TCP', hostIP: b.HostIp || '0.0.0.0', hostPort });
    }
  }
  return ports;
}

export function toContainerInfo(inspect: Docker.ContainerInspectInfo): ContainerInfo {
  const state = stateName(inspect.State.Status);
  const finished = state === 'exited' || (state === 'created' && inspect.State.Error);
  return {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ''),
    image: inspect.Config.Image,
    imageId: inspect.Image,
    labels: inspect.Config.Labels ?? {},
    state,
    createdAt: new Date(inspect.Created).toISOString(),
    startedAt: time(inspect.State.StartedAt),
    finishedAt: time(inspect.State.FinishedAt),
    exitCode: finished ? inspect.State.ExitCode : undefined,
    oomKilled: inspect.State.OOMKilled || undefined,
    error: inspect.State.Error || undefined,
    ports: portsOf(inspect),
    pid: inspect.State.Pid || undefined,
  };
}
