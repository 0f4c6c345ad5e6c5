/** Benchmark settings from flags (`--duration 5`) or environment (`BENCH_DURATION=5`). */
export interface BenchSettings {
  /** Seconds per measured phase. */
  durationSeconds: number;
  /** Constant arrival rate, requests per second, for every phase. */
  rate: number;
  /** Pods created before the list phase. */
  pods: number;
  /** Sockets autocannon may use to hold the rate (more than rate × latency needs). */
  connections: number;
}

/**
 * 4 connections: autocannon paces `overallRate` per connection and fires every connection on
 * the same tick, so 32 connections at 500 req/s arrive as bursts of 32 every 64 ms and the
 * latency measures that burst queue (p50 5 ms for a 0.3 ms GET). 4 keeps the arrival steady.
 */
export const benchDefaults: BenchSettings = { durationSeconds: 20, rate: 500, pods: 1000, connections: 4 };

const NAMES: Record<keyof BenchSettings, { flag: string; env: string }> = {
  durationSeconds: { flag: '--duration', env: 'BENCH_DURATION' },
  rate: { flag: '--rate', env: 'BENCH_RATE' },
  pods: { flag: '--pods', env: 'BENCH_PODS' },
  connections: { flag: '--connections', env: 'BENCH_CONNECTIONS' },
};

export function parseBenchSettings(argv: readonly string[], env: Record<string, string | undefined>): BenchSettings {
  const settings = { ...benchDefaults };
  for (const key of Object.keys(NAMES) as Array<keyof BenchSettings>) {
    const { flag, env: envName } = NAMES[key];
    const at = argv.indexOf(flag);
    const raw = at >= 0 ? argv[at + 1] : env[envName];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} / ${envName} must be a positive number, got "${raw}"`);
    settings[key] = value;
  }
  return settings;
}
