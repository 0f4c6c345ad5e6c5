/**
 * Pure builders for one container's status (state, lastState, ids) from what the
 * runtime reports. Reasons follow the kubelet: Completed / Error / OOMKilled.
 */
import type { ContainerState, ContainerStatus, Container } from './pod-types.js';
import { rfc3339FromIso } from './pod-types.js';
import type { ObservedContainer } from './observed.js';
import type { PodMemory } from './snapshot.js';

export function containerIdOf(c: ObservedContainer, runtimeName: string): string {
  return `${runtimeName}://${c.info.id}`;
}

export function terminatedState(c: ObservedContainer, memory: PodMemory, runtimeName: string): ContainerState {
  const exitCode = c.info.exitCode ?? (c.info.error ? 128 : 0);
  const reason = c.info.oomKilled ? 'OOMKilled' : exitCode === 0 ? 'Completed' : 'Error';
  const message = memory.terminationMessages[c.info.id] ?? (exitCode !== 0 ? c.info.error : undefined);
  return {
    terminated: {
      exitCode,
      reason,
      ...(message ? { message } : {}),
      ...(c.info.startedAt ? { startedAt: rfc3339FromIso(c.info.startedAt) } : {}),
      ...(c.info.finishedAt ? { finishedAt: rfc3339FromIso(c.info.finishedAt) } : {}),
      containerID: containerIdOf(c, runtimeName),
    },
  };
}

export function runningState(c: ObservedContainer): ContainerState {
  return { running: { startedAt: rfc3339FromIso(c.info.startedAt ?? c.info.createdAt) ?? '' } };
}

export function waitingState(reason: string, message?: string): ContainerState {
  return { waiting: message ? { reason, message } : { reason } };
}

/** The status fields every state shares. */
export function baseStatus(spec: Container, latest: ObservedContainer | undefined, runtimeName: string): ContainerStatus {
  return {
    name: spec.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: latest ? latest.identity.attempt : 0,
    image: spec.image,
    imageID: latest?.info.imageId ?? '',
    ...(latest ? { containerID: containerIdOf(latest, runtimeName) } : {}),
    started: false,
  };
}

/** lastState: the exited attempt before `current`, if the runtime still has it. */
export function lastStateOf(list: ObservedContainer[], current: ObservedContainer | undefined, memory: PodMemory, runtimeName: string): ContainerState | Record<string, never> {
  const index = current ? list.indexOf(current) : -1;
  const previous = list.slice(index + 1).find((c) => c.info.state === 'exited');
  return previous ? terminatedState(previous, memory, runtimeName) : {};
}
