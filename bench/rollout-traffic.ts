/**
 * Requests lost during a rolling update: `npm run bench:rollout` (see bench/README.md).
 *
 * One `tug up` (process runtime by default; `--runtime docker` for containers) with the
 * userspace proxy; a Deployment of R replicas (default 10) of the HTTP test app (readiness
 * probe every 1 s, default 25 %/25 % RollingUpdate, no preStop hook) behind a Service.
 * autocannon sends a steady rate (default 300 req/s, 10 keep-alive connections) to the
 * ClusterIP from 2 s before `kubectl set env` until every old pod is gone, plus 2 s. Prints
 * requests sent, failed (errors + timeouts), non-2xx, connection resets, the rollout
 * duration (set env → rollout status done, and → last old pod gone), and what the agent's
 * termination gate reported (RemovedFromProxies waits, ProxyAckTimeout count).
 */
import autocannon from 'autocannon';
import { startTug } from '../test/support/cluster/index.js';
import { ensureTestImages, testAppPath } from '../test/support/docker/images.js';
import { benchFlags, kubectlOk, stopBenchCluster, until as untilWithin, removeBenchDeployment } from './lib/tug-bench.js';

interface Settings { replicas: number; rate: number; connections: number; runtime: 'process' | 'docker' }

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): Settings {
  const flags = benchFlags(argv, env);
  return {
    replicas: flags.number('--replicas', 'BENCH_REPLICAS', 10, true), rate: flags.number('--rate', 'BENCH_RATE', 300, true),
    connections: flags.number('--connections', 'BENCH_CONNECTIONS', 32, true), runtime: flags.choice('--runtime', 'BENCH_RUNTIME', ['process', 'docker']),
  };
}

function manifests(s: Settings): string {
  const base = s.runtime === 'process' ? { image: 'tug-node:1', command: [process.execPath, testAppPath()] } : { image: 'tug-node:1' };
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rollout-traffic' },
      spec: {
        replicas: s.replicas, selector: { matchLabels: { app: 'rollout-traffic' } },
        template: {
          metadata: { labels: { app: 'rollout-traffic' } },
          spec: {
            terminationGracePeriodSeconds: 10,
            containers: [{
              name: 'app', ...base, env: [{ name: 'APP_VERSION', value: '1' }, { name: 'QUIET', value: '1' }], ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
            }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'rollout-traffic' }, spec: { selector: { app: 'rollout-traffic' }, ports: [{ port: 80, targetPort: 8080 }] } },
  ].map((o) => JSON.stringify(o)).join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> => untilWithin(what, probe, timeoutMs);

async function main(): Promise<void> {
  const s = settingsFrom(process.argv.slice(2), process.env);
  if (s.runtime === 'docker') {
    if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: bash scripts/docker/start-dockerd.sh; export DOCKER_HOST=unix:///tmp/tug-docker.sock');
    await ensureTestImages(process.env.DOCKER_HOST);
  }
  const cluster = await startTug({ args: ['--runtime', s.runtime, '--service-cidr', '127.11.0.0/16', '--log-level', 'warn'], serviceProxy: 'userspace' });
  try {
    await kubectlOk(cluster, ['apply', '-f', '-'], manifests(s));
    await kubectlOk(cluster, ['rollout', 'status', 'deployment/rollout-traffic', '--timeout=180s']);
    const clusterIP = (await kubectlOk(cluster, ['get', 'svc', 'rollout-traffic', '-o', 'jsonpath={.spec.clusterIP}'])).trim();
    const podNames = async () => (await kubectlOk(cluster, ['get', 'pods', '-l', 'app=rollout-traffic', '-o', 'name'])).split('\n').filter(Boolean);
    const oldPods = new Set(await podNames());
    await until('every replica answering through the ClusterIP', async () => ((await fetch(`http://${clusterIP}/`)).status === 200) || undefined);

    const errorCodes: Record<string, number> = {};
    let finish!: (result: autocannon.Result) => void;
    const finished = new Promise<autocannon.Result>((resolve) => { finish = resolve; });
    const load = autocannon({ url: `http://${clusterIP}/`, connections: s.connections, overallRate: s.rate, duration: 3600 }, (_err, result) => finish(result));
    load.on('reqError', (err: NodeJS.ErrnoException) => { const code = err.code ?? err.message; errorCodes[code] = (errorCodes[code] ?? 0) + 1; });
    let statusSeconds = 0;
    let goneSeconds = 0;
    const loadStarted = performance.now();
    try {
      await sleep(2_000);
      const started = performance.now();
      await kubectlOk(cluster, ['set', 'env', 'deployment/rollout-traffic', 'APP_VERSION=2']);
      await kubectlOk(cluster, ['rollout', 'status', 'deployment/rollout-traffic', '--timeout=300s']);
      statusSeconds = (performance.now() - started) / 1000;
      await until('every old pod gone', async () => ((await podNames()).every((p) => !oldPods.has(p))) || undefined);
      goneSeconds = (performance.now() - started) / 1000;
      await sleep(2_000);
    } finally {
      load.stop();
    }
    const r = await finished;
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const events = JSON.parse(await kubectlOk(cluster, ['get', 'events', '-o', 'json'])) as { items: Array<{ reason: string; message: string; involvedObject: { name: string } }> };
    const gated = events.items.filter((e) => e.reason === 'RemovedFromProxies' && oldPods.has(`pod/${e.involvedObject.name}`));
    const numbers = (re: RegExp) => gated.map((e) => Number(re.exec(e.message)?.[1] ?? NaN)).filter(Number.isFinite).sort((a, b) => a - b);
    const median = (xs: number[]) => (xs.length ? xs[Math.floor(xs.length / 2)] : NaN);
    const waits = numbers(/ in (\d+) ms/);
    const endpointWaits = numbers(/EndpointSlices after (\d+) ms/);
    const timeouts = events.items.filter((e) => e.reason === 'ProxyAckTimeout').length;
    process.stdout.write([
      `### Rolling update under load (${s.replicas} replicas, ${s.runtime} runtime, userspace proxy, ${s.rate} req/s target over ${s.connections} keep-alive connections)`,
      '',
      '| requests sent | achieved req/s | failed (errors + timeouts) | non-2xx | connection resets | rollout status done | last old pod gone | gate wait median / max ms | of which until out of the slices (median) | gate timeouts |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${r.requests.total} | ${(r.requests.total / loadSeconds).toFixed(0)} | ${r.errors + r.timeouts} | ${r.non2xx} | ${errorCodes.ECONNRESET ?? 0} | ${statusSeconds.toFixed(1)} s | ${goneSeconds.toFixed(1)} s | ${median(waits)} / ${waits.at(-1) ?? NaN} (${waits.length} pods) | ${median(endpointWaits)} ms | ${timeouts} |`,
      '',
      Object.keys(errorCodes).length ? `Errors by code: ${JSON.stringify(errorCodes)}\n` : '',
    ].join('\n'));
  } finally {
    await removeBenchDeployment(cluster, 'rollout-traffic', '60s');
    await stopBenchCluster(cluster, s.runtime);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
