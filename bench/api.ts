/**
 * API latency and memory benchmark: `npm run bench:api` (see bench/README.md).
 *
 * Starts `tug server` as a child process on a temp data dir, creates N pods (no agent:
 * they stay Pending), then drives each operation at a constant arrival rate with
 * autocannon (`overallRate`; latencies corrected for coordinated omission) and samples
 * the server's RSS from /proc while each phase runs.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { startTug, type TugCluster } from '../test/support/cluster/index.js';
import { renderReport, type PhaseResult } from './lib/report.js';
import { readRssBytes, sampleRss } from './lib/rss.js';
import { parseBenchSettings, type BenchSettings } from './lib/settings.js';

const NS_PATH = '/api/v1/namespaces/default';
const TARGET = 'bench-target';
/**
 * PUTs rotate over this many ConfigMaps: concurrent unconditional PUTs of one hot object
 * measure conflict handling rather than update cost (and at the time of writing the
 * apiserver answers some of them 409 instead of retrying internally).
 */
const UPDATE_TARGETS = 100;

function configMap(name: string, value: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } });
}

function pod(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'app', image: 'registry.example/bench:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  });
}

async function createPods(cluster: TugCluster, count: number): Promise<number> {
  const dispatcher = new Agent({ connect: { ca: cluster.caPem }, connections: 32 });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await request(`${cluster.url}${NS_PATH}/pods`, {
        method: 'POST', dispatcher, body: pod(`bench-pod-${i}`),
        headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
      });
      const text = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`creating pod ${i}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await dispatcher.close();
  return (performance.now() - started) / 1000;
}

type Phase = { name: string; request: autocannon.Request };

function phases(): Phase[] {
  let created = 0;
  let updated = 0;
  return [
    {
      name: 'create configmap (POST)',
      request: {
        method: 'POST', path: `${NS_PATH}/configmaps`,
        setupRequest: (req) => ({ ...req, body: configMap(`bench-cm-${created++}`, 'v') }),
      },
    },
    { name: 'get configmap (GET)', request: { method: 'GET', path: `${NS_PATH}/configmaps/${TARGET}` } },
    {
      name: 'update configmap (PUT)',
      request: {
        method: 'PUT',
        setupRequest: (req) => {
          const name = `${TARGET}-${updated % UPDATE_TARGETS}`;
          return { ...req, path: `${NS_PATH}/configmaps/${name}`, body: configMap(name, `v${updated++}`) };
        },
      },
    },
    { name: 'list pods (GET, all)', request: { method: 'GET', path: `${NS_PATH}/pods` } },
  ];
}

async function runPhase(cluster: TugCluster, pid: number, phase: Phase, settings: BenchSettings): Promise<PhaseResult> {
  const rss = sampleRss(pid);
  const result = await autocannon({
    url: cluster.url,
    connections: settings.connections,
    overallRate: settings.rate,
    duration: settings.durationSeconds,
    headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json', accept: 'application/json' },
    requests: [phase.request],
  });
  return {
    name: phase.name,
    requests: result.requests.total,
    achievedRate: result.requests.total / (result.duration || settings.durationSeconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    rss: await rss.stop(),
  };
}

async function main(): Promise<void> {
  const settings = parseBenchSettings(process.argv.slice(2), process.env);
  const cluster = await startTug({ command: 'server', args: ['--log-level', 'warn'] });
  const cleanup = () => { void cluster.dispose().finally(() => process.exit(130)); };
  process.once('SIGINT', cleanup);
  try {
    const pid = cluster.pid();
    await new Promise((r) => setTimeout(r, 1000)); // let start-up garbage settle before the idle reading
    const idleRssBytes = await readRssBytes(pid);
    const podCreateSeconds = await createPods(cluster, settings.pods);
    const idleWithPodsRssBytes = await readRssBytes(pid);
    for (const name of [TARGET, ...Array.from({ length: UPDATE_TARGETS }, (_, i) => `${TARGET}-${i}`)]) {
      const res = await cluster.request({
        method: 'POST', path: `${NS_PATH}/configmaps`, token: cluster.token,
        headers: { 'content-type': 'application/json' }, body: configMap(name, 'v'),
      });
      if (res.status !== 201) throw new Error(`creating ${name}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    }
    const results: PhaseResult[] = [];
    for (const phase of phases()) {
      process.stderr.write(`running ${phase.name} for ${settings.durationSeconds} s at ${settings.rate} req/s…\n`);
      results.push(await runPhase(cluster, pid, phase, settings));
    }
    process.stdout.write(renderReport({ ...settings, idleRssBytes, idleWithPodsRssBytes, podCreateSeconds, phases: results }));
  } finally {
    process.off('SIGINT', cleanup);
    await cluster.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
