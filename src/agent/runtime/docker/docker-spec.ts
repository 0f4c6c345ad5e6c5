/** Pure translation of a ContainerSpec into a Docker Engine create request. */
import type Docker from 'dockerode';
import type { ContainerSpec } from '../runtime.js';

export const DEFAULT_HOST_IP = '127.0.0.1';

export function portKey(containerPort: number, protocol: 'TCP' | 'UDP'): string {
  return `${containerPort}/${protocol.toLowerCase()}`;
}

export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of spec.ports) {
    const key = portKey(p.containerPort, p.protocol);
    exposed[key] = {};
    // An empty HostPort asks Docker for a free ephemeral port.
    (bindings[key] ??= []).push({ HostIp: p.hostIP ?? DEFAULT_HOST_IP, HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const hostConfig: Docker.HostConfig = {
    PortBindings: bindings,
    Binds: spec.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? ':ro' : ''}`),
    // The agent owns restarts (back-off, CrashLoopBackOff); Docker must not restart on its own.
    RestartPolicy: { Name: 'no' },
  };
  if (spec.cpuMillis !== undefined) hostConfig.NanoCpus = spec.cpuMillis * 1_000_000;
  if (spec.memoryBytes !== undefined) {
    hostConfig.Memory = spec.memoryBytes;
    // Equal swap limit = no swap, so exceeding the limit OOM-kills like on a Kubernetes node.
    hostConfig.MemorySwap = spec.memoryBytes;
  }
  if (spec.dns) {
    hostConfig.Dns = spec.dns.nameservers;
    hostConfig.DnsSearch = spec.dns.searches;
    if (spec.dns.options) hostConfig.DnsOptions = spec.dns.options;
  }
  if (spec.extraHosts) hostConfig.ExtraHosts = Object.entries(spec.extraHosts).map(([h, ip]) => `${h}:${ip}`);
  const options: Docker.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ExposedPorts: exposed,
    HostConfig: hostConfig,
  };
  // Kubernetes semantics: command replaces ENTRYPOINT, args replace CMD.
  if (spec.command) options.Entrypoint = spec.command;
  if (spec.args) options.Cmd = spec.args;
  if (spec.workingDir) options.WorkingDir = spec.workingDir;
  if (spec.hostname) options.Hostname = spec.hostname;
  return options;
}
