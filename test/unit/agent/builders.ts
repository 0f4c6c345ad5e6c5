/** Fixture builders for agent tests: aPod(), aContainerSpec(), aRuntimeContainer(); eventually(). */
import assert from 'node:assert/strict';
import type { Container, Pod } from '../../../src/agent/pod/pod-types.js';
import type { ContainerInfo } from '../../../src/agent/runtime/runtime.js';
import { containerLabels, type ContainerKind } from '../../../src/agent/container-labels.js';
import { emptyPodMemory, type PodSnapshot } from '../../../src/agent/pod/snapshot.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function aContainerSpec(name = 'app', overrides: Partial<Container> = {}): Container {
  return { name, image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ...overrides };
}

export function aPod(overrides: { name?: string; uid?: string; node?: string; containers?: Container[]; initContainers?: Container[]; restartPolicy?: Pod['spec']['restartPolicy']; annotations?: Record<string, string>; deletionTimestamp?: string; grace?: number; status?: Pod['status'] } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: overrides.name ?? 'web', namespace: 'default', uid: overrides.uid ?? 'uid-1',
      ...(overrides.annotations ? { annotations: overrides.annotations } : {}),
      ...(overrides.deletionTimestamp ? { deletionTimestamp: overrides.deletionTimestamp, deletionGracePeriodSeconds: overrides.grace ?? 30 } : {}),
    },
    spec: {
      nodeName: overrides.node ?? 'n1',
      restartPolicy: overrides.restartPolicy ?? 'Always',
      containers: overrides.containers ?? [aContainerSpec()],
      ...(overrides.initContainers ? { initContainers: overrides.initContainers } : {}),
    },
    ...(overrides.status ? { status: overrides.status } : {}),
  };
}

let nextId = 1;

export function aRuntimeContainer(opts: {
  name?: string; kind?: ContainerKind; attempt?: number; state?: ContainerInfo['state']; exitCode?: number;
  startedAt?: number; finishedAt?: number; backoffMs?: number; podUid?: string; id?: string; oomKilled?: boolean;
} = {}): ContainerInfo {
  const id = opts.id ?? `c${nextId++}`;
  const state = opts.state ?? 'running';
  const startedAt = opts.startedAt ?? T0;
  return {
    id, name: `tug_${id}`, image: 'nginx:1.27', imageId: 'sha256:abc',
    labels: containerLabels({
      podUid: opts.podUid ?? 'uid-1', podNamespace: 'default', podName: 'web', containerName: opts.name ?? 'app',
      kind: opts.kind ?? 'regular', attempt: opts.attempt ?? 0, restartBackoffMs: opts.backoffMs ?? 0,
    }),
    state,
    createdAt: new Date(startedAt).toISOString(),
    ...(state !== 'created' ? { startedAt: new Date(startedAt).toISOString() } : {}),
    ...(state === 'exited' ? { finishedAt: new Date(opts.finishedAt ?? startedAt + 1000).toISOString(), exitCode: opts.exitCode ?? 0 } : {}),
    ...(opts.oomKilled ? { oomKilled: true } : {}),
    ports: [],
  };
}

export function aSnapshot(pod: Pod, containers: ContainerInfo[] = [], overrides: Partial<PodSnapshot> = {}): PodSnapshot {
  return { pod, containers, probes: {}, memory: emptyPodMemory(), hostIP: '10.0.0.5', runtimeName: 'docker', now: T0 + 5_000, ...overrides };
}

/** Lets promises, the fake watch and hollow's 0 ms exit timers run; fails after `rounds` tries. */
export async function eventually(cond: () => boolean | Promise<boolean>, what: string, rounds = 3000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  assert.fail(`never happened: ${what}`);
}
