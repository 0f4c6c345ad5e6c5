/** Pure facts about pods that several controllers need (readiness, availability, ownership). */
import type { KubeObject } from '../../api/types.js';

export { controllerOf, isControlledBy, controllerRefTo } from '../../api/owners.js';

export function isTerminal(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Counted as a replica: not finished and not being deleted (Kubernetes' IsPodActive). */
export function isActive(pod: KubeObject): boolean {
  return !isTerminal(pod) && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): { status?: string; lastTransitionTime?: string } | undefined {
  const conditions: Array<{ type: string; status?: string; lastTransitionTime?: string }> = pod.status?.conditions ?? [];
  return conditions.find((c) => c.type === 'Ready');
}

export function isReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Ready for at least minReadySeconds at `nowMs`. */
export function isAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** Milliseconds until a ready pod becomes available, or undefined when it already is / never will. */
export function msUntilAvailable(pod: KubeObject, minReadySeconds: number, nowMs: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return undefined;
  const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
  return at > nowMs ? at - nowMs : undefined;
}

export function restartCount(pod: KubeObject): number {
  const statuses: Array<{ restartCount?: number }> = pod.status?.containerStatuses ?? [];
  return statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
}
