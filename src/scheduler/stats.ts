/**
 * Decision-time statistics for the scheduler's optional periodic log (TUG_SCHEDULER_STATS=1),
 * which benchmarks parse from the server's stdout. Pure.
 */

/** Env switch and period of the periodic `scheduler decision times` log line. */
export const SCHEDULER_STATS_ENV = 'TUG_SCHEDULER_STATS';
export const SCHEDULER_STATS_PERIOD_MS = 2_000;

export interface DecisionStats {
  decisions: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function decisionStats(samplesMs: readonly number[]): DecisionStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    decisions: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}
