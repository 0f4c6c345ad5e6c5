/**
 * Service proxy in a real cluster: `npm run bench:proxy` (see bench/README.md).
 *
 * One `tug up` (process runtime by default: pods are host processes, so "direct" is the app's
 * own port with nothing in between; `--runtime docker` measures containers behind
 * docker-proxy) with the userspace proxy, a 1-replica Deployment of the HTTP test app behind
 * a NodePort Service. In the same run, D seconds each (default 10), full speed:
 *  - keep-alive: autocannon, C connections (default 16);
 *  - new connection per request: N workers (default 8), each a loop of http.get without an
 *    agent, so every request pays connect + accept (+ the proxy's upstream connect);
 * to the ClusterIP, to the NodePort, and directly to the pod's published port (the address in
 * its EndpointSlice), after a 2 s unmeasured warm-up of each. Prints req/s, p50/p99 ms and
 * the proxy/direct throughput ratio.
 * The load generator, the proxy (inside `tug up`) and the app share this host's cores.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { startTug } from '../test/support/cluster/index.js';
import { testAppPath, ensureTestImages } from '../test/support/docker/images.js';
import { benchFlags, kubectlOk, stopBenchCluster, until as untilWithin, removeBenchDeployment } from './lib/tug-bench.js';

interface Settings { durationSeconds: number; connections: number; workers: number; runtime: 'process' | 'docker'; proxy: 'userspace' | 'nft' }

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): Settings {
  const flags = benchFlags(argv, env);
  return {
    durationSeconds: flags.number('--duration', 'BENCH_DURATION', 10), connections: flags.number('--connections', 'BENCH_CONNECTIONS', 16),
    workers: flags.number('--workers', 'BENCH_WORKERS', 8),
    runtime: flags.choice('--runtime', 'BENCH_RUNTIME', ['process', 'docker']), proxy: flags.choice('--proxy', 'BENCH_PROXY', ['userspace', 'nft']),
  };
}

function manifests(runtime: Settings['runtime']): string {
  const container = runtime === 'process'
    ? { name: 'app', image: 'tug-node:1', command: [process.execPath, testAppPath()] }
    : { name: 'app', image: 'tug-node:1' };
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'proxy-bench' },
      spec: {
        replicas: 1, selector: { matchLabels: { app: 'proxy-bench' } },
        template: {
          metadata: { labels: { app: 'proxy-bench' } },
          // No per-request log line: the app's stdout would cost more than the proxy.
          spec: { containers: [{ ...container, env: [{ name: 'QUIET', value: '1' }], ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 } }] },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'proxy-bench' }, spec: { type: 'NodePort', selector: { app: 'proxy-bench' }, ports: [{ port: 80, targetPort: 8080 }] } },
  ].map((o) => JSON.stringify(o)).join('\n');
}

interface Target { name: string; host: string; port: number }
interface Measured { target: string; mode: string; requests: number; reqPerSec: number; p50Ms: number; p99Ms: number; errors: number }

async function keepAlive(target: Target, s: Settings): Promise<Measured> {
  const r = await autocannon({ url: `http://${target.host}:${target.port}/`, connections: s.connections, duration: s.durationSeconds });
  return { target: target.name, mode: 'keep-alive', requests: r.requests.total, reqPerSec: r.requests.total / s.durationSeconds, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function newConnections(target: Target, s: Settings): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const endAt = performance.now() + s.durationSeconds * 1000;
  const one = () => new Promise<void>((resolve) => {
    const started = performance.now();
    const req = http.get({ host: target.host, port: target.port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) latencies.push(performance.now() - started); else errors++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
  });
  await Promise.all(Array.from({ length: s.workers }, async () => { while (performance.now() < endAt) await one(); }));
  latencies.sort((a, b) => a - b);
  return { target: target.name, mode: 'new connection per request', requests: latencies.length, reqPerSec: latencies.length / s.durationSeconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors };
}

function render(s: Settings, rows: Measured[]): string {
  const direct = new Map(rows.filter((r) => r.target === 'direct').map((r) => [r.mode, r]));
  return [
    `### Service proxy (${s.proxy}, ${s.runtime} runtime, ${s.durationSeconds} s per phase; keep-alive ${s.connections} connections, new-connection ${s.workers} workers)`,
    '',
    '| mode | target | req/s | p50 ms | p99 ms | errors | throughput vs direct | p99 added ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const d = direct.get(r.mode)!;
      const same = r.target === 'direct';
      return `| ${r.mode} | ${r.target} | ${r.reqPerSec.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors} | ${same ? '1.00' : (r.reqPerSec / d.reqPerSec).toFixed(2)} | ${same ? '–' : (r.p99Ms - d.p99Ms).toFixed(2)} |`;
    }),
    '',
  ].join('\n');
}

const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => untilWithin(what, probe, timeoutMs);

async function main(): Promise<void> {
  const s = settingsFrom(process.argv.slice(2), process.env);
  if (s.runtime === 'docker') {
    if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: bash scripts/docker/start-dockerd.sh; export DOCKER_HOST=unix:///tmp/tug-docker.sock');
    await ensureTestImages(process.env.DOCKER_HOST);
  }
  const cluster = await startTug({ args: ['--runtime', s.runtime, '--service-cidr', '127.11.0.0/16', '--log-level', 'warn'], serviceProxy: s.proxy });
  try {
    await kubectlOk(cluster, ['apply', '-f', '-'], manifests(s.runtime));
    const service = await until('the Service', async () => JSON.parse(await kubectlOk(cluster, ['get', 'svc', 'proxy-bench', '-o', 'json'])) as { spec: { clusterIP: string; ports: Array<{ nodePort: number }> } });
    const direct = await until('a ready endpoint', async () => {
      const slices = JSON.parse(await kubectlOk(cluster, ['get', 'endpointslices', '-l', 'kubernetes.io/service-name=proxy-bench', '-o', 'json'])) as { items: Array<{ endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean } }>; ports?: Array<{ port: number }> }> };
      const slice = slices.items.find((x) => x.endpoints?.some((e) => e.conditions?.ready !== false) && x.ports?.length);
      return slice ? { host: slice.endpoints![0].addresses[0], port: slice.ports![0].port } : undefined;
    });
    const nodeIP = (await kubectlOk(cluster, ['get', 'nodes', '-o', 'jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}'])).trim() || '127.0.0.1';
    const targets: Target[] = [
      { name: 'direct', ...direct },
      { name: 'ClusterIP', host: service.spec.clusterIP, port: 80 },
      { name: 'NodePort', host: nodeIP, port: service.spec.ports[0].nodePort },
    ];
    await until('the ClusterIP answering', async () => ((await fetch(`http://${service.spec.clusterIP}/`)).status === 200) || undefined);
    // Warm-up (not measured): JIT of the app, the proxy and the load generator.
    for (const target of targets) await autocannon({ url: `http://${target.host}:${target.port}/`, connections: s.connections, duration: 2 });
    const rows: Measured[] = [];
    for (const target of targets) rows.push(await keepAlive(target, s));
    for (const target of targets) rows.push(await newConnections(target, s));
    process.stdout.write(render(s, rows));
  } finally {
    await removeBenchDeployment(cluster, 'proxy-bench', '30s');
    await stopBenchCluster(cluster, s.runtime);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
