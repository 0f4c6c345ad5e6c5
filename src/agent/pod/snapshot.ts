/**
 * What the pure pod sync sees (PodSnapshot) and what it decides (PodDecision).
 * The shell builds the snapshot from the API object, the runtime's containers for the
 * pod, the probers' states and its per-pod memory of failed pulls/creates; it executes
 * the decision's actions in order and writes the status when it changed.
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import type { ContainerProbeStates } from '../probes/probe-state.js';
import type { LifecycleHandler, Pod, PodStatus } from './pod-types.js';
import type { ContainerKind } from '../container-labels.js';

/** A failed image pull, remembered by the shell until a pull succeeds. */
export interface PullFailure {
  failures: number;
  lastFailureAt: number;
  reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName';
  message: string;
}

/** A failed create/start, remembered by the shell until a start succeeds. */
export interface CreateFailure {
  at: number;
  reason: 'CreateContainerError' | 'RunContainerError';
  message: string;
}

/** Per-pod facts only the shell can know: outcomes of actions that left no container behind. */
export interface PodMemory {
  pulls: Record<string, PullFailure>;
  creates: Record<string, CreateFailure>;
  /** Last log lines of exited containers, by runtime container id. */
  terminationMessages: Record<string, string>;
}

export function emptyPodMemory(): PodMemory {
  return { pulls: {}, creates: {}, terminationMessages: {} };
}

export interface PodSnapshot {
  pod: Pod;
  /** Runtime containers labelled with this pod's uid (any state). */
  containers: ContainerInfo[];
  /** Probe states by container name. */
  probes: Record<string, ContainerProbeStates>;
  memory: PodMemory;
  /** Containers whose env/config could not be resolved (missing ConfigMap key …), by name → message. */
  configErrors?: Record<string, string>;
  /** The node's address; pods share the host's network, so it is also the pod IP. */
  hostIP: string;
  /** Runtime name for containerID prefixes: docker:// process:// hollow://. */
  runtimeName: string;
  now: number;
}

export type PodAction =
  | { type: 'pull'; containerName: string; image: string; policy: 'Always' | 'IfNotPresent' | 'Never' }
  | { type: 'start'; containerName: string; kind: ContainerKind; attempt: number; restartBackoffMs: number }
  | { type: 'kill'; containerId: string; containerName: string; graceSeconds: number; reason: KillReason; preStop?: LifecycleHandler }
  | { type: 'remove'; containerId: string; containerName: string }
  | { type: 'captureLogs'; containerId: string; containerName: string; tailLines: number; maxBytes: number }
  | { type: 'finalizeDeletion' };

export type KillReason = 'PodDeleted' | 'LivenessFailed' | 'StartupFailed' | 'SpecChanged' | 'Duplicate' | 'NotInSpec';

export interface PodEvent {
  type: 'Normal' | 'Warning';
  reason: 'Pulling' | 'Pulled' | 'Created' | 'Started' | 'Killing' | 'Unhealthy' | 'BackOff' | 'Failed' | 'FailedPostStartHook' | 'FailedPreStopHook'
    // termination-gate: the pod left every proxy before its containers were stopped (or the wait ran out)
    | 'RemovedFromProxies' | 'ProxyAckTimeout';
  message: string;
  /** e.g. spec.containers{app} */
  fieldPath?: string;
}

export interface PodDecision {
  actions: PodAction[];
  events: PodEvent[];
  status: PodStatus;
  /** Sync again after this long even if nothing is observed to change (back-off expiry …). */
  requeueAfterMs?: number;
}

export function fieldPathOf(kind: ContainerKind, name: string): string {
  return kind === 'init' ? `spec.initContainers{${name}}` : `spec.containers{${name}}`;
}
