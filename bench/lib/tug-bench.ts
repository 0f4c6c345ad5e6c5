/** What the Service benchmarks (proxy, rollout-traffic) share: kubectl that throws, polling, clean-up. */
import { join } from 'node:path';
import { removeProcessContainers, type TugCluster } from '../../test/support/cluster/index.js';

/** Runs kubectl; a non-zero exit throws with its output and the server log's tail. */
export async function kubectlOk(cluster: TugCluster, args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}\n--- server log ---\n${cluster.logs().slice(-3000)}`);
  return r.stdout;
}

/** Polls `probe` every 200 ms until it returns a value (errors count as "not yet"). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Best-effort clean-up of a bench Deployment `app` (label app=<app>): delete it, then wait up to `podTimeout` for its pods. */
export async function removeBenchDeployment(cluster: TugCluster, app: string, podTimeout: string): Promise<void> {
  await cluster.kubectl(['delete', 'deployment', app, '--ignore-not-found', '--wait=false']).catch(() => undefined);
  await cluster.kubectl(['delete', 'pods', '-l', `app=${app}`, '--ignore-not-found', `--timeout=${podTimeout}`]).catch(() => undefined);
}

/** Stops tug; process-runtime pods outlive their agent (as containers do), so stop what is left. */
export async function stopBenchCluster(cluster: TugCluster, runtime: 'process' | 'docker'): Promise<void> {
  const runtimeDir = join(cluster.dataDir, 'agent', 'process-runtime');
  await cluster.stop('SIGTERM').catch(() => undefined);
  if (runtime === 'process') await removeProcessContainers(runtimeDir);
  await cluster.dispose();
}

/** Reads benchmark flags (`--rate 300`) or their environment twins (`BENCH_RATE=300`). */
export function benchFlags(argv: readonly string[], env: Record<string, string | undefined>) {
  const raw = (flag: string, envName: string) => { const at = argv.indexOf(flag); return at >= 0 ? argv[at + 1] : env[envName]; };
  return {
    /** A positive number (an integer when `integer`), or the fallback when unset. */
    number(flag: string, envName: string, fallback: number, integer = false): number {
      const value = raw(flag, envName);
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n <= 0) throw new Error(`${flag} / ${envName} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
      return n;
    },
    /** One of `choices` (the first is the default). */
    choice<T extends string>(flag: string, envName: string, choices: readonly [T, ...T[]]): T {
      const value = raw(flag, envName) ?? choices[0];
      if (!(choices as readonly string[]).includes(value)) throw new Error(`${flag} must be ${choices.join(' or ')}, got "${value}"`);
      return value as T;
    },
  };
}
