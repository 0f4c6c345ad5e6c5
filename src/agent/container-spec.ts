/** Pure: the runtime ContainerSpec for one attempt of a pod's container. */
import type { ContainerSpec, Mount, PortMapping } from './runtime/runtime.js';
import { containerLabels, containerRuntimeName, type ContainerKind } from './container-labels.js';
import type { Container, Pod } from './pod/pod-types.js';
import { cpuMillis, memoryBytes } from './quantity.js';
import { planMounts } from './volumes/mounts.js';

export interface SpecInput {
  pod: Pod;
  container: Container;
  kind: ContainerKind;
  attempt: number;
  restartBackoffMs: number;
  env: Record<string, string>;
  nodeName: string;
  hostIP: string;
  /** The agent's data dir: pod volumes live under <dataDir>/pods/<uid>/volumes/<kind>/<name> (volumes/layout.ts). */
  dataDir: string;
}

/** The runtime mounts of the container: see volumes/mounts.ts (every volume kind, layout under dataDir). */
export function mountsFor(input: Pick<SpecInput, 'pod' | 'container' | 'dataDir'>): Mount[] {
  return planMounts(input);
}

export function toContainerSpec(input: SpecInput): ContainerSpec {
  const { pod, container } = input;
  const meta = pod.metadata;
  const limits = container.resources?.limits ?? {};
  const ports: PortMapping[] = (container.ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    containerPort: p.containerPort,
    protocol: p.protocol ?? 'TCP',
    ...(p.hostPort ? { hostPort: p.hostPort } : {}),
    hostIP: p.hostIP ?? input.hostIP,
  }));
  const cpu = cpuMillis(limits.cpu);
  const memory = memoryBytes(limits.memory);
  const identity = {
    podUid: meta.uid ?? '', podNamespace: meta.namespace ?? 'default', podName: meta.name ?? '',
    containerName: container.name, kind: input.kind, attempt: input.attempt, restartBackoffMs: input.restartBackoffMs, nodeName: input.nodeName,
    image: container.image, agentDir: input.dataDir,
  };
  return {
    name: containerRuntimeName(identity),
    image: container.image,
    imagePullPolicy: container.imagePullPolicy ?? 'IfNotPresent',
    ...(container.command ? { command: container.command } : {}),
    ...(container.args ? { args: container.args } : {}),
    env: { HOSTNAME: pod.spec.hostname ?? meta.name ?? '', ...input.env },
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    ports,
    mounts: mountsFor(input),
    labels: containerLabels(identity),
    ...(cpu !== undefined ? { cpuMillis: cpu } : {}),
    ...(memory !== undefined ? { memoryBytes: memory } : {}),
  };
}
