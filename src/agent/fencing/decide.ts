/**
 * Fencing decisions, pure (issue 5 item 4). An agent that could not renew its Lease for
 * longer than the grace period may already have been declared unreachable, and its pods may
 * be replaced elsewhere: it must not change anything, and must stop the pods that may never
 * run twice before the server can replace them. When it reaches the server again, it removes
 * the containers whose pod went away meanwhile, judged from a fresh list of pods.
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import { identityOf } from '../container-labels.js';
import type { Pod } from '../pod/pod-types.js';

/** Pods annotated with this (value "true", usually from a Deployment's pod template) never run twice at once. */
export const AT_MOST_ONCE_ANNOTATION = 'tugboat.io/at-most-once';

/**
 * A pod that must never run twice at once: owned by a StatefulSet (its replacement takes the
 * same name and volumes), or annotated `tugboat.io/at-most-once: "true"`. The node lifecycle
 * controller applies the same rule (src/controllers/nodelifecycle/eviction.ts).
 */
export function isAtMostOnce(pod: Pick<Pod, 'metadata'>): boolean {
  if (pod.metadata.annotations?.[AT_MOST_ONCE_ANNOTATION] === 'true') return true;
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'StatefulSet' && o.controller !== false);
}

/**
 * Fenced: the last successful Lease renewal (timed when its request was *sent*, which is no
 * later than the server saw it) is more than `graceMs` ago. Before the first renewal the
 * agent is not fenced: it runs nothing it did not adopt from a fresh list.
 */
export function isFenced(lastRenewedMs: number | undefined, nowMs: number, graceMs: number): boolean {
  return lastRenewedMs !== undefined && nowMs - lastRenewedMs > graceMs;
}

/** When the fence falls if no renewal succeeds before (the first ms past the grace). */
export function fenceDueMs(lastRenewedMs: number, graceMs: number): number {
  return lastRenewedMs + graceMs + 1;
}

/**
 * Running containers to kill on fencing: those of at-most-once pods, as far as the (possibly
 * stale) cache knows them, or, for pods the cache does not know (an agent restarted while cut
 * off has no cache), as the fence remembered them. Other unknown pods are left to the recovery.
 */
export function containersToStopWhenFenced(
  containers: readonly ContainerInfo[], podsByUid: ReadonlyMap<string, Pod>, rememberedUids: ReadonlySet<string> = new Set(),
): ContainerInfo[] {
  return containers.filter((c) => {
    if (c.state !== 'running') return false;
    const uid = identityOf(c)?.podUid ?? '';
    const pod = podsByUid.get(uid);
    return pod !== undefined ? isAtMostOnce(pod) : rememberedUids.has(uid);
  });
}

/** Uids of the at-most-once pods among `pods`, sorted (what the fence remembers across restarts). */
export function atMostOnceUids(pods: readonly Pod[]): string[] {
  return pods.filter(isAtMostOnce).map((p) => p.metadata.uid ?? '').filter((u) => u !== '').sort();
}

/** An evicted pod that stays as an object (kubelet-style eviction): phase Failed, reason Evicted. */
function isEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

export interface RecoveryPlan {
  /** Containers to kill and remove: their pod is gone, evicted, or bound elsewhere. */
  remove: ContainerInfo[];
  /** Uids of those pods: the (stale) informer cache may still show them bound here for a while. */
  goneUids: string[];
}

/**
 * After a fence, from the runtime's containers and a *fresh* list of the pods bound here:
 * every container of ours whose pod is not in the list (deleted, replaced by a new uid, or
 * bound elsewhere) or was evicted goes. Containers of other agents sharing the runtime
 * (another node name or data dir, as in orphans.ts) are left alone.
 */
export function planRecovery(containers: readonly ContainerInfo[], freshPods: readonly Pod[], nodeName: string, agentDir?: string): RecoveryPlan {
  const live = new Map<string, Pod>();
  for (const pod of freshPods) if (pod.spec.nodeName === nodeName && !isEvicted(pod)) live.set(pod.metadata.uid ?? '', pod);
  const remove: ContainerInfo[] = [];
  const goneUids = new Set<string>();
  for (const c of containers) {
    const id = identityOf(c);
    if (!id) continue;
    if (id.nodeName && id.nodeName !== nodeName) continue;
    if (agentDir !== undefined && id.agentDir !== agentDir) continue;
    if (live.has(id.podUid)) continue;
    remove.push(c);
    goneUids.add(id.podUid);
  }
  return { remove, goneUids: [...goneUids] };
}
