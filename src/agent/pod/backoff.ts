/**
 * Restart and image-pull back-off arithmetic, as the kubelet does it:
 * the first restart is immediate, then the wait doubles 10 s, 20 s, 40 s … up to 300 s.
 * A container that ran 10 min (2 × the cap) before exiting starts over with no wait.
 * The delay for a container is carried on its own label (restart-backoff-ms), so the
 * state survives an agent restart without any store of our own.
 */
import { MAX_RESTART_BACKOFF_ANNOTATION, RESTART_DEFAULTS } from '../defaults.js';
import type { Pod } from './pod-types.js';
import { isoMs, type ObservedContainer } from './observed.js';
import type { PullFailure } from './snapshot.js';

/** The pod's back-off cap: 300 s, lowered by the tugboat.io/max-restart-backoff-seconds annotation. */
export function backoffCapMs(pod: Pod): number {
  const raw = pod.metadata.annotations?.[MAX_RESTART_BACKOFF_ANNOTATION];
  const seconds = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) return RESTART_DEFAULTS.maxBackoffMs;
  return Math.min(RESTART_DEFAULTS.maxBackoffMs, seconds * 1000);
}

export interface RestartPlan {
  /** Earliest time (ms) the replacement may start. */
  notBefore: number;
  /** Back-off label for the replacement: the wait after *it* exits. */
  nextBackoffMs: number;
  /** The wait applied to this restart, for the CrashLoopBackOff message. */
  waitMs: number;
}

/** When an exited container may be replaced, and the back-off its replacement carries. */
export function planRestart(exited: ObservedContainer, capMs: number): RestartPlan {
  const finishedAt = isoMs(exited.info.finishedAt) ?? isoMs(exited.info.createdAt) ?? 0;
  const startedAt = isoMs(exited.info.startedAt) ?? finishedAt;
  const ranLongEnough = finishedAt - startedAt >= RESTART_DEFAULTS.backoffResetAfterMs;
  const carried = exited.identity.restartBackoffMs;
  const waitMs = ranLongEnough ? 0 : Math.min(carried, capMs);
  const nextBackoffMs = ranLongEnough || carried === 0
    ? Math.min(RESTART_DEFAULTS.initialBackoffMs, capMs)
    : Math.min(carried * 2, capMs);
  return { notBefore: finishedAt + waitMs, nextBackoffMs, waitMs };
}

/** Wait before retrying a failed pull: 10 s after the 1st failure, 20 s after the 2nd … ≤ 300 s. */
export function pullRetryAt(failure: PullFailure): number {
  const delay = Math.min(
    RESTART_DEFAULTS.imagePullInitialBackoffMs * 2 ** Math.max(0, failure.failures - 1),
    RESTART_DEFAULTS.imagePullMaxBackoffMs,
  );
  return failure.lastFailureAt + delay;
}

/** "5m0s" / "40s", the Go duration style kubelet messages use. */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
