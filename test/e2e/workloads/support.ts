/** Shared helpers of the workload end-to-end suites: bounded polling and kubectl output parsing. */
import assert from 'node:assert/strict';
import type { TugCluster } from '../../support/cluster/index.js';

/**
 * Polls `probe` until it returns a value other than undefined, or fails after timeoutMs with
 * the last observation (so a failure says what the cluster looked like, not just "timeout").
 */
export async function eventually<T>(
  what: string, probe: () => Promise<T | undefined>, options: { timeoutMs?: number; intervalMs?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const extra = options.describe ? await options.describe().catch((e: unknown) => String(e)) : '';
      assert.fail(`timed out waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}\n${extra}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}

/** Runs kubectl and asserts exit 0, returning stdout; failures include stderr and the server log tail. */
export async function kubectlOk(cluster: TugCluster, args: string[], input?: string): Promise<string> {
  const result = await cluster.kubectl(args, { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}\n--- server log ---\n${cluster.logs().slice(-3000)}`);
  return result.stdout;
}

export function lines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/** Counts of each distinct string, e.g. node names of a set of pods. */
export function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
