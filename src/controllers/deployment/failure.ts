/**
 * Is a rollout failing? Tugboat rolls a Deployment back automatically (Kubernetes never
 * does; Swarm's failure_action and Nomad's auto_revert do) when either
 * - the progress deadline passed without the new ReplicaSet becoming available, or
 * - new pods are crash-looping or cannot start (bad image, bad command, missing config)
 *   at least FAILED_POD_THRESHOLD times over, or stay running-but-unready past
 *   UNREADY_GRACE_SECONDS.
 * Pure: reads pods and the clock only.
 */
import type { KubeObject } from '../../api/types.js';

/** Annotation to opt out: `tugboat.io/auto-rollback: "false"`. */
export const AUTO_ROLLBACK_ANNOTATION = 'tugboat.io/auto-rollback';
/** Restarts of one new pod that count as a crash loop. */
export const CRASH_RESTART_THRESHOLD = 2;
/** New pods that must be failing before the rollout is declared failed. */
export const FAILED_POD_THRESHOLD = 1;
/** A new pod running but never ready for this long counts as failing (annotation overrides). */
export const UNREADY_GRACE_SECONDS = 120;
export const UNREADY_GRACE_ANNOTATION = 'tugboat.io/rollback-unready-seconds';
/**
 * A finished rollout is trusted (becomes a rollback target, and stops being watched for
 * failure) only after all its pods stayed ready this long: an app that crashes 2 s after
 * start must not count as a good revision.
 */
export const ROLLOUT_STABLE_SECONDS = 10;

/** Milliseconds until every pod has been Ready for ROLLOUT_STABLE_SECONDS (0 = stable now). */
export function msUntilStable(pods: KubeObject[], nowMs: number): number {
  let wait = 0;
  for (const pod of pods) {
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    if (ready?.status !== 'True') return ROLLOUT_STABLE_SECONDS * 1000;
    const since = Date.parse(ready.lastTransitionTime ?? '');
    const left = (Number.isFinite(since) ? since : nowMs) + ROLLOUT_STABLE_SECONDS * 1000 - nowMs;
    wait = Math.max(wait, left);
  }
  return wait;
}

const FATAL_WAITING = new Set([
  'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull',
  'CreateContainerError', 'CreateContainerConfigError', 'RunContainerError',
]);

export function autoRollbackEnabled(deployment: KubeObject): boolean {
  return deployment.metadata.annotations?.[AUTO_ROLLBACK_ANNOTATION] !== 'false';
}

/** Why this pod is failing, or undefined when it is fine (or still starting normally). */
export function podFailure(pod: KubeObject, nowMs: number, unreadyGraceSeconds: number): string | undefined {
  const statuses: any[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const s of statuses) {
    const waiting = s.state?.waiting?.reason;
    if (waiting && FATAL_WAITING.has(waiting) && (waiting !== 'CrashLoopBackOff' || (s.restartCount ?? 0) >= CRASH_RESTART_THRESHOLD)) {
      return `container ${s.name} is ${waiting}${s.state.waiting.message ? `: ${s.state.waiting.message}` : ''}`;
    }
    if ((s.restartCount ?? 0) >= CRASH_RESTART_THRESHOLD + 1) {
      return `container ${s.name} restarted ${s.restartCount} times`;
    }
  }
  if (pod.status?.phase === 'Failed') return `pod ${pod.metadata.name} failed`;
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
  if (ready?.status !== 'True' && Number.isFinite(started) && nowMs - started > unreadyGraceSeconds * 1000 &&
      statuses.length > 0 && statuses.every((s) => s.state?.running)) {
    return `pod ${pod.metadata.name} has not become ready in ${unreadyGraceSeconds}s`;
  }
  return undefined;
}

export function unreadyGrace(deployment: KubeObject): number {
  const raw = Number(deployment.metadata.annotations?.[UNREADY_GRACE_ANNOTATION]);
  return Number.isFinite(raw) && raw > 0 ? raw : UNREADY_GRACE_SECONDS;
}

/** The failure reason for the new ReplicaSet's pods, if enough of them are failing. */
export function rolloutFailure(deployment: KubeObject, newPods: KubeObject[], nowMs: number): string | undefined {
  const grace = unreadyGrace(deployment);
  const failures = newPods.filter((p) => !p.metadata.deletionTimestamp).map((p) => podFailure(p, nowMs, grace)).filter(Boolean) as string[];
  return failures.length >= FAILED_POD_THRESHOLD ? failures[0] : undefined;
}

/** Milliseconds until the next running-but-unready new pod crosses the unready grace, if any. */
export function msUntilUnreadyFailure(deployment: KubeObject, newPods: KubeObject[], nowMs: number): number | undefined {
  const grace = unreadyGrace(deployment) * 1000;
  let soonest: number | undefined;
  for (const pod of newPods) {
    if (pod.metadata.deletionTimestamp) continue;
    const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
    const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
    if (ready?.status === 'True' || !Number.isFinite(started)) continue;
    const left = started + grace - nowMs + 1;
    if (left > 0 && (soonest === undefined || left < soonest)) soonest = left;
  }
  return soonest;
}
