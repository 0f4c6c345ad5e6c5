/**
 * Pod start latency and agent memory on Docker: `npm run bench:podstart` (see bench/README.md).
 *
 * Against `tug up` (embedded agent, Docker runtime), side by side with plain Docker:
 *   1. one pod (tug-node:1, HTTP readiness probe, periodSeconds 1): API create → Ready, R runs;
 *      vs `docker run -d -p 127.0.0.1::8080 tug-node:1` → first successful HTTP response, R runs;
 *   2. B pods created at once → all Ready; vs B parallel `docker run`s → all answering;
 *   3. RSS of the `tug up` process (API + controllers + agent in one process) idle with N pods.
 * Ready times come from one watch on the bench pods. The app needs ~0.3 s to listen, so the
 * first readiness probe usually fails; the agent retries a failing readiness probe early
 * (50 ms, growing) until its first success, so Ready follows the app by tens of ms.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { Agent, request } from 'undici';
import { startTug, type TugCluster } from '../test/support/cluster/index.js';
import { ensureTestImages } from '../test/support/docker/images.js';
import { parseDockerHost } from '../src/agent/runtime/docker/docker-client.js';
import { readRssBytes, sampleRss, mib } from './lib/rss.js';
import { benchFlags } from './lib/tug-bench.js';

const run = promisify(execFile);
const NS = '/api/v1/namespaces/default';
const IMAGE = 'tug-node:1';
const RAW_LABEL = 'tug-bench-podstart';

interface Settings { runs: number; burst: number; idlePods: number }

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): Settings {
  const flags = benchFlags(argv, env);
  return { runs: flags.number('--runs', 'BENCH_RUNS', 30, true), burst: flags.number('--burst', 'BENCH_BURST', 50, true), idlePods: flags.number('--idle-pods', 'BENCH_IDLE_PODS', 20, true) };
}

function podManifest(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { bench: 'podstart' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{
        name: 'app', image: IMAGE, imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 8080 }],
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
      }],
    },
  });
}

interface WatchedPod { metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }

/** One watch on the bench pods: resolves `readyAt(name)` with the time each first turned Ready. */
function watchReady(cluster: TugCluster, dispatcher: Agent) {
  const readyAt = new Map<string, number>();
  const waiters = new Map<string, Array<(t: number) => void>>();
  const abort = new AbortController();
  const headers = { authorization: `Bearer ${cluster.token}` };
  void (async () => {
    const res = await request(`${cluster.url}${NS}/pods?watch=true&labelSelector=bench%3Dpodstart`, { dispatcher, headers, signal: abort.signal });
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.trim()) continue;
        const event = JSON.parse(line) as { type: string; object: WatchedPod };
        const pod = event.object;
        const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
        if (!ready || readyAt.has(pod.metadata.name) || event.type === 'DELETED') continue;
        const t = performance.now();
        readyAt.set(pod.metadata.name, t);
        for (const w of waiters.get(pod.metadata.name) ?? []) w(t);
        waiters.delete(pod.metadata.name);
      }
    }
  })().catch(() => undefined);
  return {
    ready(name: string, timeoutMs = 120_000): Promise<number> {
      const known = readyAt.get(name);
      if (known !== undefined) return Promise.resolve(known);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} not Ready within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(name, [...(waiters.get(name) ?? []), (t) => { clearTimeout(timer); resolve(t); }]);
      });
    },
    stop: () => abort.abort(),
  };
}

async function api(cluster: TugCluster, dispatcher: Agent, method: 'POST' | 'DELETE' | 'GET', path: string, body?: string): Promise<number> {
  const res = await request(`${cluster.url}${NS}${path}`, {
    method, dispatcher, body,
    headers: { authorization: `Bearer ${cluster.token}`, 'content-type': 'application/json' },
  });
  const text = await res.body.text();
  if (res.statusCode >= 300 && !(method !== 'POST' && res.statusCode === 404)) throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  return res.statusCode;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function deletePods(cluster: TugCluster, dispatcher: Agent, docker: Docker, names: string[]): Promise<void> {
  await Promise.all(names.map((n) => api(cluster, dispatcher, 'DELETE', `/pods/${n}?gracePeriodSeconds=0`)));
  await until('bench pods deleted', async () => (await Promise.all(names.map((n) => api(cluster, dispatcher, 'GET', `/pods/${n}`)))).every((s) => s === 404));
  const agentDir = `${cluster.dataDir}/agent`;
  await until('bench containers removed', async () => (await docker.listContainers({ all: true, filters: { label: [`io.tugboat.agent.dir=${agentDir}`] } })).length === 0);
}

/** Create → Ready for each pod name, all created at once. Returns ms per pod and ms until the last. */
async function tugStart(cluster: TugCluster, dispatcher: Agent, watch: ReturnType<typeof watchReady>, names: string[]): Promise<{ each: number[]; all: number }> {
  const t0 = performance.now();
  const each = await Promise.all(names.map(async (n) => {
    const start = performance.now();
    await api(cluster, dispatcher, 'POST', '/pods', podManifest(n));
    return (await watch.ready(n)) - start;
  }));
  return { each, all: performance.now() - t0 };
}

async function httpAnswers(port: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
    await res.body.text();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/** `docker run -d -p 127.0.0.1::8080` → first 200 from the app, for `count` containers at once. */
async function dockerStart(docker: Docker, dockerHost: string, count: number): Promise<{ each: number[]; all: number }> {
  const t0 = performance.now();
  const each = await Promise.all(Array.from({ length: count }, async () => {
    const start = performance.now();
    const { stdout } = await run('docker', ['-H', dockerHost, 'run', '-d', '--label', `${RAW_LABEL}=1`, '-p', '127.0.0.1::8080', IMAGE]);
    const info = await docker.getContainer(stdout.trim()).inspect();
    const port = Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort);
    await until('raw container answers', () => httpAnswers(port), 60_000, 10);
    return performance.now() - start;
  }));
  const all = performance.now() - t0;
  await removeRaw(docker);
  return { each, all };
}

async function removeRaw(docker: Docker): Promise<void> {
  const raw = await docker.listContainers({ all: true, filters: { label: [RAW_LABEL] } });
  await Promise.all(raw.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

const ms = (v: number) => `${Math.round(v)} ms`;

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) throw new Error('DOCKER_HOST is not set (bash scripts/docker/start-dockerd.sh; export DOCKER_HOST=unix:///tmp/tug-docker.sock)');
  await ensureTestImages(dockerHost);
  const docker = new Docker(parseDockerHost(dockerHost) as Docker.DockerOptions);
  const cluster = await startTug({ env: { DOCKER_HOST: dockerHost } });
  const dispatcher = new Agent({ connect: { ca: cluster.caPem }, connections: 64 });
  const watch = watchReady(cluster, dispatcher);
  const rows: string[][] = [];
  try {
    await until('node registered', async () => (await request(`${cluster.url}/api/v1/nodes`, { dispatcher, headers: { authorization: `Bearer ${cluster.token}` } }).then((r) => r.body.text())).includes('"kubeletEndpoint"'), 30_000);
    // Warm-up (first container start pays for page cache and Docker's first-run work).
    await tugStart(cluster, dispatcher, watch, ['warmup']);
    await deletePods(cluster, dispatcher, docker, ['warmup']);
    await dockerStart(docker, dockerHost, 1);

    process.stderr.write(`single pod: ${settings.runs} runs each\n`);
    const tugSingle: number[] = [];
    const dockerSingle: number[] = [];
    for (let i = 0; i < settings.runs; i++) {
      const name = `single-${i}`;
      tugSingle.push(...(await tugStart(cluster, dispatcher, watch, [name])).each);
      await deletePods(cluster, dispatcher, docker, [name]);
      dockerSingle.push(...(await dockerStart(docker, dockerHost, 1)).each);
    }
    rows.push(['1 pod, create → Ready (tug)', String(settings.runs), ms(quantile(tugSingle, 0.5)), ms(quantile(tugSingle, 0.99)), '']);
    rows.push(['1 container, docker run → HTTP 200', String(settings.runs), ms(quantile(dockerSingle, 0.5)), ms(quantile(dockerSingle, 0.99)), '']);

    process.stderr.write(`burst: ${settings.burst} pods\n`);
    const burstNames = Array.from({ length: settings.burst }, (_, i) => `burst-${i}`);
    const tugBurst = await tugStart(cluster, dispatcher, watch, burstNames);
    await deletePods(cluster, dispatcher, docker, burstNames);
    const dockerBurst = await dockerStart(docker, dockerHost, settings.burst);
    rows.push([`${settings.burst} pods at once → all Ready (tug)`, '1', ms(quantile(tugBurst.each, 0.5)), ms(quantile(tugBurst.each, 0.99)), ms(tugBurst.all)]);
    rows.push([`${settings.burst} docker runs at once → all HTTP 200`, '1', ms(quantile(dockerBurst.each, 0.5)), ms(quantile(dockerBurst.each, 0.99)), ms(dockerBurst.all)]);

    process.stderr.write(`idle RSS with ${settings.idlePods} pods\n`);
    const idleEmpty = await readRssBytes(cluster.pid());
    const idleNames = Array.from({ length: settings.idlePods }, (_, i) => `idle-${i}`);
    await tugStart(cluster, dispatcher, watch, idleNames);
    await new Promise((r) => setTimeout(r, 5_000));
    const sampler = sampleRss(cluster.pid(), 250);
    await new Promise((r) => setTimeout(r, 10_000));
    const rss = await sampler.stop();
    await deletePods(cluster, dispatcher, docker, idleNames);

    const table = [
      '| measurement | runs | median | p99 | until all |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    process.stdout.write(`${table}\n\n`);
    process.stdout.write(`tug up process RSS (API server + controllers + scheduler + embedded agent in one process):\n`);
    process.stdout.write(`  after the runs above, no pods: ${mib(idleEmpty)}; idle with ${settings.idlePods} Ready pods (10 s of samples): avg ${mib(rss.averageBytes)}, peak ${mib(rss.peakBytes)}\n`);
    process.stdout.write('Note: until a readiness probe first succeeds the agent retries it early (50 ms, growing to periodSeconds), so Ready follows the app closely.\n');
  } finally {
    watch.stop();
    await removeRaw(docker).catch(() => undefined);
    await dispatcher.close().catch(() => undefined);
    const agentDir = `${cluster.dataDir}/agent`;
    await cluster.kubectl(['delete', 'pods', '-l', 'bench=podstart', '--grace-period=0', '--force', '--wait=false']).catch(() => undefined);
    await until('containers removed', async () => (await docker.listContainers({ all: true, filters: { label: [`io.tugboat.agent.dir=${agentDir}`] } })).length === 0, 60_000).catch(() => undefined);
    await cluster.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});
