/**
 * Host failover time: `npm run bench:failover` (see bench/README.md).
 *
 * On the multi-host harness (test/support/hosts: network namespaces, needs root): `tug server`
 * in one host, three `tug agent --runtime process` in three others. Each trial creates a fresh
 * 6-replica Deployment of the test app (spread 2/2/2), SIGKILLs every process of one agent
 * host, and measures the time from the kill to all 6 replicas Ready on the two survivors
 * (polled every 100 ms through the API). The killed agent is restarted (same data dir)
 * before the next trial, and the victim rotates over the three hosts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { hostNetworkSupport } from '../test/support/hosts/index.js';
import { startTugHosts, type TugHosts } from '../test/support/hosts/tug-hosts.js';
import { appDeployment, DEPLOYMENTS, NODES, nodeReadyStatus, podsOf, readyPodsOf, spreadOf, waitFor } from '../test/support/hosts/tug-workloads.js';

const POLL_MS = 100;

function trialsFrom(argv: readonly string[], env: Record<string, string | undefined>): number {
  const at = argv.indexOf('--trials');
  const raw = at >= 0 ? argv[at + 1] : env.BENCH_TRIALS;
  if (raw === undefined) return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--trials / BENCH_TRIALS must be an integer ≥ 1, got "${raw}"`);
  return n;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function trial(cluster: TugHosts, index: number): Promise<{ ms: number; victim: string; spread: Record<string, number> }> {
  const { client } = cluster;
  const app = `fo${index}`;
  await client.create(DEPLOYMENTS, appDeployment(app, 6));
  const before = await waitFor(`trial ${index}: 6 replicas Ready`, async () => {
    const ready = await readyPodsOf(client, app);
    return ready.length === 6 ? ready : undefined;
  }, 60_000);
  const victim = cluster.agentHosts[(index - 1) % cluster.agentHosts.length];
  const startedAt = performance.now();
  await victim.kill();
  let ms = 0;
  for (;;) {
    const ready = await readyPodsOf(client, app).catch(() => []);
    if (ready.length === 6 && ready.every((p) => p.spec?.nodeName !== victim.name)) { ms = performance.now() - startedAt; break; }
    if (performance.now() - startedAt > 120_000) throw new Error(`trial ${index}: replicas not back within 120 s`);
    await sleep(POLL_MS);
  }
  // Restore: the victim's agent again (Ready), the Deployment gone with its pods.
  await cluster.startAgent(victim);
  await waitFor(`trial ${index}: ${victim.name} Ready again`, async () =>
    (nodeReadyStatus(await client.get(NODES, undefined, victim.name)) === 'True' ? true : undefined), 60_000);
  await client.delete(DEPLOYMENTS, 'default', app, { propagationPolicy: 'Foreground' }).catch(() => undefined);
  await waitFor(`trial ${index}: pods gone`, async () => ((await podsOf(client, app)).length === 0 ? true : undefined), 60_000);
  return { ms, victim: victim.name, spread: spreadOf(before) };
}

async function main(): Promise<void> {
  const trials = trialsFrom(process.argv.slice(2), process.env);
  const support = await hostNetworkSupport();
  if (!support.supported) throw new Error(`bench:failover needs the multi-host harness: ${support.reason}`);
  const cluster = await startTugHosts({ agents: ['a1', 'a2', 'a3'], logLevel: 'warn' });
  const results: number[] = [];
  try {
    console.log(`### Host failover: 3 agents (process runtime), 6 replicas, SIGKILL one host → all 6 Ready on the survivors (${trials} trials)\n`);
    console.log('| trial | killed | spread before | kill → 6 Ready |');
    console.log('|---:|---|---|---:|');
    for (let i = 1; i <= trials; i++) {
      const r = await trial(cluster, i);
      results.push(r.ms);
      const spread = Object.entries(r.spread).sort().map(([n, c]) => `${n}:${c}`).join(' ');
      console.log(`| ${i} | ${r.victim} | ${spread} | ${(r.ms / 1000).toFixed(2)} s |`);
    }
    console.log(`\nmedian ${(median(results) / 1000).toFixed(2)} s, max ${(Math.max(...results) / 1000).toFixed(2)} s, min ${(Math.min(...results) / 1000).toFixed(2)} s` +
      ' (defaults: grace 4 s, eviction 2 s; the goal is ≤ 10 s)');
  } catch (err) {
    console.error(cluster.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    await cluster.destroy();
  }
}

await main();
