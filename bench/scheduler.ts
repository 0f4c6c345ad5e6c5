/**
 * Scheduler throughput: `npm run bench:scheduler` (see bench/README.md).
 *
 * Against `tug server` (controllers + scheduler, no embedded agent):
 *   1. registers N "hollow nodes": Node objects written through the API (allocatable cpu,
 *      memory, pods; Ready condition), with no agent behind them; the figure measures the
 *      scheduler, which only reads Node objects. Optionally A real hollow agents too
 *      (in-process agents on the in-memory runtime, which also start the pods bound to them);
 *   2. creates P pods at once (C POSTs in flight) and follows one watch on them until every
 *      pod has spec.nodeName;
 *   3. reports pods bound per second (first create → last bind) and the scheduler's own
 *      per-pod decision time p50/p99, parsed from the server log (TUG_SCHEDULER_STATS=1).
 * `--cpu-prof DIR` profiles the server and leaves a .cpuprofile in DIR (Node 20 refuses
 * `--cpu-prof` in NODE_OPTIONS, so a preloaded script drives the inspector's Profiler).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resourceByKind } from '../src/api/resources.js';
import type { KubeObject } from '../src/api/types.js';
import { createHttpClient, type HttpApiClient } from '../src/client/index.js';
import { startTug, type TugCluster } from '../test/support/cluster/index.js';
import { startHollowAgents, type HollowAgents } from '../test/support/hollow/index.js';
import { mib, readRssBytes } from './lib/rss.js';

const NODES = resourceByKind('v1', 'Node')!;
const PODS = resourceByKind('v1', 'Pod')!;

interface Settings { nodes: number; pods: number; concurrency: number; agents: number; cpuProf?: string }

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): Settings {
  const pick = (flag: string, envName: string, fallback: number, min = 1) => {
    const at = argv.indexOf(flag);
    const raw = at >= 0 ? argv[at + 1] : env[envName];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} / ${envName} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const prof = argv.indexOf('--cpu-prof');
  return {
    nodes: pick('--nodes', 'BENCH_NODES', 1000),
    pods: pick('--pods', 'BENCH_PODS', 10_000),
    concurrency: pick('--concurrency', 'BENCH_CONCURRENCY', 64),
    agents: pick('--agents', 'BENCH_AGENTS', 0, 0),
    cpuProf: prof >= 0 ? resolve(argv[prof + 1] ?? 'bench-profiles') : env.BENCH_CPU_PROF,
  };
}

function hollowNode(name: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'tugboat.io/hollow': 'true' } },
    spec: {},
    status: {
      capacity: { cpu: '32', memory: '128Gi', pods: '110' },
      allocatable: { cpu: '32', memory: '128Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'hollow node (bench)', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString() }],
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
    },
  } as KubeObject;
}

function benchPod(i: number): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `sched-${i}`, namespace: 'default', labels: { app: 'sched-bench' } },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  } as KubeObject;
}

/** Runs `task(i)` for i in [0, count) with at most `inFlight` running at once. */
async function pool(count: number, inFlight: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < count) await task(next++); };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}

async function registerNodes(client: HttpApiClient, count: number, concurrency: number): Promise<void> {
  await pool(count, concurrency, async (i) => {
    const node = hollowNode(`hollow-node-${String(i).padStart(4, '0')}`);
    await client.create(NODES, node);
    // Status is a subresource: the create drops it.
    await client.patch(NODES, undefined, node.metadata.name!, { type: 'merge', body: { status: node.status } }, { subresource: 'status' });
  });
}

/** Follows one watch on the bench pods; resolves with the time the last of `count` got a node. */
async function watchBindings(client: HttpApiClient, count: number, signal: AbortSignal): Promise<{ lastBoundAt: Promise<number>; boundSoFar: () => number }> {
  const list = await client.list(PODS, { namespace: 'default', labelSelector: 'app=sched-bench' });
  const bound = new Set<string>();
  const stream = await client.watch(PODS, { namespace: 'default', labelSelector: 'app=sched-bench', resourceVersion: list.metadata.resourceVersion, signal });
  const lastBoundAt = (async () => {
    for await (const event of stream) {
      if (event.type === 'ADDED' || event.type === 'MODIFIED') {
        const pod = event.object as KubeObject;
        if (pod.spec?.nodeName) bound.add(pod.metadata.name!);
        if (bound.size >= count) { stream.close(); return performance.now(); }
      }
    }
    throw new Error(`the pod watch ended after ${bound.size}/${count} bindings`);
  })();
  return { lastBoundAt, boundSoFar: () => bound.size };
}

/** The last `scheduler decision times` line in the server log. */
function schedulerStats(logs: string): { decisions: number; p50Ms: number; p99Ms: number; maxMs: number } | undefined {
  let found;
  for (const line of logs.split('\n')) {
    if (!line.includes('schedulerStats')) continue;
    try { found = (JSON.parse(line) as { schedulerStats: typeof found }).schedulerStats; } catch { /* not JSON */ }
  }
  return found;
}

/** CommonJS preload for the server: profile from start, write DIR/server-PID.cpuprofile at exit. */
function profilerPreload(dir: string): string {
  return `
const inspector = require('node:inspector');
const fs = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
session.post('Profiler.start');
process.on('exit', () => {
  // In-process inspector sessions answer synchronously, so this runs before the exit.
  session.post('Profiler.stop', (err, result) => {
    if (!err) fs.writeFileSync(${JSON.stringify(dir)} + '/server-' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`;
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in clock ticks (100/s)
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const env: Record<string, string> = { TUG_SCHEDULER_STATS: '1' };
  if (settings.cpuProf) {
    await mkdir(settings.cpuProf, { recursive: true });
    const preload = join(settings.cpuProf, 'profile-preload.cjs');
    await writeFile(preload, profilerPreload(settings.cpuProf));
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
  }
  const cluster: TugCluster = await startTug({ command: 'server', env });
  let agents: HollowAgents | undefined;
  const client = createHttpClient({ server: cluster.url, caPem: cluster.caPem, token: cluster.token, userAgent: 'tug-bench-scheduler' });
  const abort = new AbortController();
  const cleanup = async () => {
    abort.abort();
    await agents?.stop();
    await client.close();
    await cluster.stop('SIGTERM'); // graceful, so --cpu-prof writes its profile
    await cluster.dispose();
  };
  process.once('SIGINT', () => { void cleanup().finally(() => process.exit(130)); });
  try {
    const pid = cluster.pid();
    const nodesStarted = performance.now();
    await registerNodes(client, settings.nodes, settings.concurrency);
    if (settings.agents > 0) {
      agents = await startHollowAgents(settings.agents, { url: cluster.url, caPem: cluster.caPem, token: cluster.token, prefix: 'hollow-agent' });
    }
    const nodeSeconds = (performance.now() - nodesStarted) / 1000;
    await new Promise((r) => setTimeout(r, 1_000)); // let the scheduler's node informer catch up

    const watch = await watchBindings(client, settings.pods, abort.signal);
    const cpuBefore = await cpuSeconds(pid);
    const started = performance.now();
    const progress = setInterval(() => process.stderr.write(`\r${watch.boundSoFar()}/${settings.pods} bound`), 1_000);
    await pool(settings.pods, settings.concurrency, async (i) => { await client.create(PODS, benchPod(i)); });
    const createdAt = performance.now();
    const boundAt = await watch.lastBoundAt;
    clearInterval(progress);
    process.stderr.write('\n');
    const cpuAfter = await cpuSeconds(pid);
    const rss = await readRssBytes(pid);
    // The stats line is logged every 2 s while decisions arrive; wait for the final one.
    await new Promise((r) => setTimeout(r, 2_500));
    const stats = schedulerStats(cluster.logs());

    const createSeconds = (createdAt - started) / 1000;
    const totalSeconds = (boundAt - started) / 1000;
    const perNode = new Map<string, number>();
    const bound = await client.list(PODS, { namespace: 'default', labelSelector: 'app=sched-bench' });
    for (const p of bound.items) perNode.set(p.spec?.nodeName ?? '', (perNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
    const counts = [...perNode.values()];

    console.log([
      `### Tugboat scheduler benchmark (${settings.nodes} hollow nodes${settings.agents ? ` + ${settings.agents} hollow agents` : ''}, ${settings.pods} pods, ${settings.concurrency} creates in flight)`,
      '',
      'Hollow nodes are Node objects registered through the API (allocatable 32 cpu / 128Gi / 110 pods, Ready), with no agent behind them: the figure measures scheduling, not pod start-up.',
      '',
      '| metric | value |',
      '|---|---:|',
      `| nodes registered (create + status patch) | ${nodeSeconds.toFixed(1)} s |`,
      `| pods created (API) | ${createSeconds.toFixed(1)} s (${(settings.pods / createSeconds).toFixed(0)} pods/s) |`,
      `| first create → all bound | ${totalSeconds.toFixed(1)} s |`,
      `| **pods bound per second** | **${(settings.pods / totalSeconds).toFixed(0)}** |`,
      `| last bind after last create | ${((boundAt - createdAt) / 1000).toFixed(2)} s |`,
      `| scheduler decision p50 / p99 / max | ${stats ? `${stats.p50Ms.toFixed(3)} / ${stats.p99Ms.toFixed(3)} / ${stats.maxMs.toFixed(1)} ms (${stats.decisions} decisions)` : 'n/a (no stats line)'} |`,
      `| server CPU during create+bind | ${(cpuAfter - cpuBefore).toFixed(1)} s (${((cpuAfter - cpuBefore) / totalSeconds * 100).toFixed(0)} % of one core) |`,
      `| server RSS after | ${mib(rss)} |`,
      `| pods per node min / max | ${Math.min(...counts)} / ${Math.max(...counts)} over ${perNode.size} nodes |`,
      '',
    ].join('\n'));
  } finally {
    await cleanup();
    if (settings.cpuProf) console.log(`CPU profile of the server written to ${settings.cpuProf}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
