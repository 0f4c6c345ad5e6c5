/** How long a Job waits before replacing failed pods, so a crashing template is not re-run in a hot loop. Pure. */
import type { KubeObject } from '../../api/types.js';

/** A failed pod is replaced after 10 s, doubling per failure up to 6 min (Kubernetes' pod failure back-off). */
export const FAILURE_BACKOFF_BASE_MS = 10_000;
export const FAILURE_BACKOFF_MAX_MS = 360_000;

/** When the latest failed pod stopped: its containers' finishedAt, else its creation. */
function lastFailureMs(failedPods: KubeObject[]): number | undefined {
  const times = failedPods.map((p) => {
    const finished = ((p.status?.containerStatuses ?? []) as Array<{ state?: { terminated?: { finishedAt?: string } } }>)
      .map((c) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter(Number.isFinite);
    return finished.length ? Math.max(...finished) : Date.parse(p.metadata.creationTimestamp ?? '');
  }).filter(Number.isFinite);
  return times.length ? Math.max(...times) : undefined;
}

/** Milliseconds to wait before replacing failed pods, or 0. */
export function failureBackoffMs(failed: number, failedPods: KubeObject[], nowMs: number): number {
  const last = lastFailureMs(failedPods);
  if (failed === 0 || last === undefined) return 0;
  const delay = Math.min(FAILURE_BACKOFF_BASE_MS * 2 ** (failed - 1), FAILURE_BACKOFF_MAX_MS);
  return Math.max(0, last + delay - nowMs);
}
