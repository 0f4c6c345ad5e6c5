/**
 * Control-plane cost of heartbeats: `npm run bench:heartbeats` (see bench/README.md).
 *
 * Starts `tug server` as a child process (loopback, temp data dir), joins N hollow agents
 * (real agents in this process on the in-memory runtime, each with its own HTTPS client,
 * renewing its Lease at the period the server publishes, 1 s by default), waits 5 s, then for
 * S seconds samples the server process's CPU (utime + stime from /proc/<pid>/stat) and RSS
 * every second. Prints mean and p95 CPU% of one core, and RSS peak and mean.
 */
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTug } from '../test/support/cluster/index.js';
import { startHollowAgents } from '../test/support/hollow/index.js';
import { mib, readRssBytes } from './lib/rss.js';
import { resourceByKind } from '../src/api/resources.js';
import { benchFlags } from './lib/tug-bench.js';

const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;

const WARMUP_MS = 5_000;

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): { agents: number; seconds: number } {
  const flags = benchFlags(argv, env);
  return { agents: flags.number('--agents', 'BENCH_AGENTS', 500, true), seconds: flags.number('--seconds', 'BENCH_SECONDS', 60, true) };
}

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces: count fields after its closing paren.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const percentile = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function main(): Promise<void> {
  const { agents, seconds } = settingsFrom(process.argv.slice(2), process.env);
  const hz = clockTicksPerSecond();
  const cluster = await startTug({ command: 'server', args: ['--log-level', 'warn'] });
  try {
    const pid = cluster.pid();
    const joinStart = performance.now();
    const hollow = await startHollowAgents(agents, { url: cluster.url, caPem: cluster.caPem, token: cluster.token, prefix: 'hb' });
    try {
      const joinSeconds = (performance.now() - joinStart) / 1000;
      await sleep(WARMUP_MS);
      // Renewals the server actually saw: an overloaded agent process would beat less often
      // and make the server look cheaper than it is.
      let renewals = 0;
      const watch = await hollow.client.watch(LEASES, { namespace: 'kube-node-lease', timeoutSeconds: seconds + 30 });
      const counting = (async () => { for await (const e of watch) if (e.type === 'MODIFIED') renewals++; })().catch(() => undefined);
      const cpu: number[] = [];
      const rss: number[] = [];
      let lastTicks = await cpuTicks(pid);
      let lastAt = performance.now();
      for (let i = 0; i < seconds; i++) {
        await sleep(1_000);
        const ticks = await cpuTicks(pid);
        const at = performance.now();
        cpu.push(((ticks - lastTicks) / hz) / ((at - lastAt) / 1000) * 100);
        rss.push(await readRssBytes(pid));
        lastTicks = ticks;
        lastAt = at;
      }
      const renewalsPerSecond = renewals / seconds;
      watch.close();
      await counting;
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      console.log(`### Heartbeat cost: tug server with ${agents} hollow agents at the default period, ${seconds} s\n`);
      console.log('| agents | seconds | Lease renewals/s seen | server CPU mean (% of one core) | CPU p95 | CPU max | RSS peak | RSS mean | agents joined in |');
      console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
      console.log(`| ${agents} | ${seconds} | ${renewalsPerSecond.toFixed(0)} | ${mean(cpu).toFixed(1)} % | ${percentile(cpu, 95).toFixed(1)} % | ${Math.max(...cpu).toFixed(1)} % | ${mib(Math.max(...rss))} | ${mib(mean(rss))} | ${joinSeconds.toFixed(1)} s |`);
      console.log('\n(The agents run in the benchmark process on the same machine: on a 2-core host they compete with the server for CPU. Goal: ≤ 25 % of one core.)');
    } finally {
      await hollow.stop();
    }
  } catch (err) {
    console.error(cluster.logs().split('\n').slice(-30).join('\n'));
    throw err;
  } finally {
    await cluster.dispose();
  }
}

await main();
