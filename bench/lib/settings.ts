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

export const benchDefaults: BenchSettings = { durationSeconds: 20, rate: 500, pods: 1000, connections: 32 };

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
