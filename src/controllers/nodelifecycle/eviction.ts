/**
 * Taint-based eviction (Kubernetes' NoExecuteTaintManager), pure: which pods on a node
 * carrying a lifecycle NoExecute taint must go now, and when the next one is due.
 */
import type { KubeObject } from '../../api/types.js';
import { isLifecycleTaint, toleranceOf, type Taint, type Tolerance } from './taints.js';

/** Pods with this annotation must never run twice at once: see README "at-most-once pods". */
export const AT_MOST_ONCE_ANNOTATION = 'tugboat.io/at-most-once';

export interface Eviction {
  pod: KubeObject;
  taint: Taint;
  tolerance: Extract<Tolerance, { kind: 'seconds' }>;
}

export interface EvictionPlan {
  evict: Eviction[];
  /** Earliest future time (ms) at which another pod becomes due, if any. */
  nextDueMs?: number;
}

export interface EvictionInput {
  node: KubeObject;
  /** Pods bound to the node. */
  pods: KubeObject[];
  nowMs: number;
  defaultEvictionSeconds: number;
  /** Set when the node's Lease expired: nobody on the node will finish a deletion. */
  unreachable?: {
    /**
     * When the node's agent has certainly fenced itself: last heartbeat seen + grace + fence
     * margin. The agent kills its at-most-once containers once it could not renew for the
     * grace (by its own clock, from when it *sent* the renewal, which is no later than we saw
     * it); the margin covers timer lateness, clock rate skew and the kill itself. Only then
     * may an at-most-once pod be deleted (and replaced).
     */
    fencedByMs: number;
  };
}

function isTerminal(pod: KubeObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * Must never run twice at once: annotated `tugboat.io/at-most-once: "true"` (a Deployment
 * passes it through its pod template) or owned by a StatefulSet. The agent's fencing
 * (src/agent/fencing/decide.ts) applies the same rule.
 */
export function isAtMostOnce(pod: KubeObject): boolean {
  if (pod.metadata.annotations?.[AT_MOST_ONCE_ANNOTATION] === 'true') return true;
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'StatefulSet' && o.controller !== false);
}

/** A taint without timeAdded (written by hand) counts from now: it never evicts early. */
function taintAddedMs(taint: Taint, nowMs: number): number {
  const ms = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
  return Number.isFinite(ms) ? ms : nowMs;
}

/** When `pod` is due for eviction, or undefined if it tolerates every lifecycle taint forever. */
function dueOf(pod: KubeObject, taints: Taint[], input: EvictionInput): { dueMs: number; eviction: Eviction } | undefined {
  let best: { dueMs: number; eviction: Eviction } | undefined;
  for (const taint of taints) {
    const tolerance = toleranceOf(pod, taint, input.defaultEvictionSeconds);
    if (tolerance.kind === 'forever') continue;
    let dueMs = taintAddedMs(taint, input.nowMs) + tolerance.seconds * 1000;
    if (isAtMostOnce(pod) && input.unreachable) dueMs = Math.max(dueMs, input.unreachable.fencedByMs);
    if (!best || dueMs < best.dueMs) best = { dueMs, eviction: { pod, taint, tolerance } };
  }
  return best;
}

export function planEvictions(input: EvictionInput): EvictionPlan {
  const taints = (Array.isArray(input.node.spec?.taints) ? input.node.spec.taints as Taint[] : [])
    .filter((t) => t.effect === 'NoExecute' && isLifecycleTaint(t));
  const plan: EvictionPlan = { evict: [] };
  if (taints.length === 0) return plan;
  for (const pod of input.pods) {
    // Finished pods run nothing and need no replacement; pods already being deleted on a
    // live (not-ready) node are the agent's to finish. On an unreachable node nobody will
    // finish them, so they are force-deleted like the rest.
    if (isTerminal(pod)) continue;
    if (pod.metadata.deletionTimestamp && !input.unreachable) continue;
    const due = dueOf(pod, taints, input);
    if (!due) continue;
    if (due.dueMs <= input.nowMs) plan.evict.push(due.eviction);
    else plan.nextDueMs = Math.min(plan.nextDueMs ?? Infinity, due.dueMs);
  }
  return plan;
}
