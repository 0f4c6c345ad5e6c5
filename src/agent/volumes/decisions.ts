/**
 * Pure adjustments of a pod's sync decision for volumes (the pod sync itself, pod/decide.ts,
 * knows nothing about volumes):
 *  - withholdStarts: a volume that cannot be set up yet (missing ConfigMap, unbound claim)
 *    keeps every container from starting, like the kubelet's WaitForAttachAndMount: the
 *    containers wait in ContainerCreating, a FailedMount event says why, and the pod is
 *    synced again soon so it starts once the source appears.
 *  - evict: a pod over an emptyDir sizeLimit is failed with reason Evicted and its running
 *    containers are stopped; a Failed pod is never restarted (pod-phase.ts keeps it Failed).
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import { identityOf } from '../container-labels.js';
import type { Pod, ContainerStatus } from '../pod/pod-types.js';
import type { PodAction, PodDecision, PodEvent } from '../pod/snapshot.js';
import { RESTART_DEFAULTS } from '../defaults.js';
import { VOLUME_DEFAULTS } from './defaults.js';

export interface MountFailure { volume: string; message: string }

/** The outcome of setting up a pod's volumes: not ok = the containers must wait. */
export type MountStatus = { ok: true } | ({ ok: false } & MountFailure);

export interface VolumeState {
  pod: Pod;
  containers: ContainerInfo[];
  mount?: MountStatus;
  /** Set when the pod went over an emptyDir sizeLimit: the eviction message. */
  eviction?: string;
}

/** The pod sync's decision, adjusted for volumes that are not ready and for an eviction. */
export function applyVolumeState(decision: PodDecision, state: VolumeState): PodDecision {
  if (state.pod.metadata.deletionTimestamp) return decision;
  if (state.eviction) return evict(decision, state.pod, state.containers, state.eviction);
  if (state.mount && !state.mount.ok) return withholdStarts(decision, state.mount);
  return decision;
}

/** The kubelet's wording: `MountVolume.SetUp failed for volume "cfg" : configmap "app" not found`. */
export function failedMountMessage(failure: MountFailure): string {
  return `MountVolume.SetUp failed for volume "${failure.volume}" : ${failure.message}`;
}

export function withholdStarts(decision: PodDecision, failure: MountFailure): PodDecision {
  const message = failedMountMessage(failure);
  const waiting = (s: ContainerStatus): ContainerStatus => {
    const state = s.state as { waiting?: { reason: string } };
    return state.waiting?.reason === 'ContainerCreating' || state.waiting?.reason === 'PodInitializing'
      ? { ...s, state: { waiting: { reason: state.waiting.reason, message } } } : s;
  };
  const status = {
    ...decision.status,
    containerStatuses: decision.status.containerStatuses.map(waiting),
    ...(decision.status.initContainerStatuses ? { initContainerStatuses: decision.status.initContainerStatuses.map(waiting) } : {}),
  };
  return {
    actions: decision.actions.filter((a) => a.type !== 'pull' && a.type !== 'start'),
    events: [
      ...decision.events.filter((e) => e.reason !== 'Pulling'),
      { type: 'Warning', reason: 'FailedMount' as PodEvent['reason'], message },
    ],
    status,
    requeueAfterMs: Math.min(decision.requeueAfterMs ?? Infinity, VOLUME_DEFAULTS.mountRetryMs),
  };
}

export function evict(decision: PodDecision, pod: Pod, containers: ContainerInfo[], message: string): PodDecision {
  const grace = pod.spec.terminationGracePeriodSeconds ?? RESTART_DEFAULTS.terminationGracePeriodSeconds;
  const kills: PodAction[] = containers.filter((c) => c.state === 'running').map((c) => ({
    type: 'kill', containerId: c.id, containerName: identityOf(c)?.containerName ?? c.name, graceSeconds: grace, reason: 'PodDeleted',
  }));
  const alreadyFailed = pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
  return {
    actions: kills,
    events: alreadyFailed ? [] : [{ type: 'Warning', reason: 'Evicted' as PodEvent['reason'], message }],
    status: { ...decision.status, phase: 'Failed', reason: 'Evicted', message },
  };
}
