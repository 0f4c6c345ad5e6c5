/**
 * Rolling-update time on Docker: `npm run bench:rollout-time` (see bench/README.md).
 *
 * Against `tug up` (embedded agent, Docker runtime): a 10-replica Deployment of tug-node:1
 * with an HTTP readiness probe (periodSeconds 1), default RollingUpdate (25 % surge, 25 %
 * unavailable). Each run switches the image (tug-node:1 ↔ tug-node:2) with `kubectl set
 * image` and times it until `kubectl rollout status` exits 0; R runs (default 3), each
 * printed, then the median. Needs DOCKER_HOST (scripts/docker/start-dockerd.sh).
 */
import { startTug, type TugCluster } from '../test/support/cluster/index.js';
import { ensureTestImages } from '../test/support/docker/images.js';
import { benchFlags } from './lib/tug-bench.js';

interface Settings { runs: number; replicas: number }

function settingsFrom(argv: readonly string[], env: Record<string, string | undefined>): Settings {
  const flags = benchFlags(argv, env);
  return { runs: flags.number('--runs', 'BENCH_RUNS', 3, true), replicas: flags.number('--replicas', 'BENCH_REPLICAS', 10, true) };
}

function manifest(replicas: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'rollout-bench' },
    spec: {
      replicas, selector: { matchLabels: { app: 'rollout-bench' } },
      template: {
        metadata: { labels: { app: 'rollout-bench' } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [{
            name: 'app', image: 'tug-node:1', ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
          }],
        },
      },
    },
  });
}

async function kubectl(cluster: TugCluster, args: string[], input?: string): Promise<string> {
  const r = await cluster.kubectl(args, { input });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}\n--- server log ---\n${cluster.logs().slice(-3000)}`);
  return r.stdout;
}

const STATUS = ['rollout', 'status', 'deployment/rollout-bench', '--timeout=300s'];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) throw new Error('DOCKER_HOST is not set: bash scripts/docker/start-dockerd.sh; export DOCKER_HOST=unix:///tmp/tug-docker.sock');
  await ensureTestImages(dockerHost);
  const cluster = await startTug({ args: ['--log-level', 'warn'] });
  const cleanup = async () => {
    // Graceful pod deletion lets the agent remove the containers before the server stops.
    await cluster.kubectl(['delete', 'deployment', 'rollout-bench', '--ignore-not-found', '--wait=false']);
    await cluster.kubectl(['delete', 'rs', '-l', 'app=rollout-bench', '--ignore-not-found', '--wait=false']);
    await cluster.kubectl(['delete', 'pods', '-l', 'app=rollout-bench', '--ignore-not-found', '--grace-period=1', '--timeout=60s']);
    await cluster.stop('SIGTERM');
    await cluster.dispose();
  };
  process.once('SIGINT', () => { void cleanup().finally(() => process.exit(130)); });
  try {
    const setupStarted = performance.now();
    await kubectl(cluster, ['apply', '-f', '-'], manifest(settings.replicas));
    await kubectl(cluster, STATUS);
    const initialSeconds = (performance.now() - setupStarted) / 1000;
    const runs: Array<{ image: string; seconds: number }> = [];
    for (let i = 0; i < settings.runs; i++) {
      const image = i % 2 === 0 ? 'tug-node:2' : 'tug-node:1';
      const started = performance.now();
      await kubectl(cluster, ['set', 'image', 'deployment/rollout-bench', `app=${image}`]);
      await kubectl(cluster, STATUS);
      const seconds = (performance.now() - started) / 1000;
      runs.push({ image, seconds });
      process.stderr.write(`run ${i + 1}: ${image} in ${seconds.toFixed(1)} s\n`);
      // Let the replaced pods finish terminating so runs do not overlap.
      for (let wait = 0; wait < 60; wait++) {
        const names = (await kubectl(cluster, ['get', 'pods', '-l', 'app=rollout-bench', '-o', 'name'])).trim().split('\n').filter(Boolean);
        if (names.length === settings.replicas) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    console.log([
      `### Tugboat rollout time (${settings.replicas} replicas, tug-node, readiness probe periodSeconds 1, RollingUpdate 25 %/25 %)`,
      '',
      '| run | image | set image → rollout status done |',
      '|---:|---|---:|',
      ...runs.map((r, i) => `| ${i + 1} | ${r.image} | ${r.seconds.toFixed(1)} s |`),
      `| **median** | | **${median(runs.map((r) => r.seconds)).toFixed(1)} s** |`,
      '',
      `Initial apply → available: ${initialSeconds.toFixed(1)} s.`,
      '',
    ].join('\n'));
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
