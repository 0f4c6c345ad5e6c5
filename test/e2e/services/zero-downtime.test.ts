/**
 * Zero-downtime rollouts (issue 6, "must hold"): autocannon sends a steady 300 requests/s to
 * a Service's ClusterIP during a rolling update of 3 replicas, a scale-down 3 → 1 and a
 * 1-replica update; no request may fail, answer non-2xx, time out or meet a connection reset.
 * The app answers 503 on connections opened after its SIGTERM, so traffic routed to a stopping
 * pod shows up as non-2xx; and each deleted pod must have been taken out of the proxies before
 * its SIGTERM (the agent's RemovedFromProxies event), never after a timed-out wait.
 *
 * `tug up --runtime process`: pods are host processes (the HTTP test app, no preStop hook),
 * the userspace proxy binds ClusterIPs in 127.11.0.0/16 on loopback.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { removeProcessContainers, startTug, type TugCluster } from '../../support/cluster/index.js';
import { testAppPath } from '../../support/docker/images.js';
import { eventually, kubectlOk, lines } from '../workloads/support.js';

const RATE = 300;
/** Enough sockets to hold the rate when a loaded 2-core host answers in tens of ms. */
const CONNECTIONS = 20;

function manifests(replicas: number): string {
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{
            name: 'app', image: 'tug-node:1', command: [process.execPath, testAppPath()],
            // The app keeps serving 1 s after SIGTERM and answers 503 on any connection opened
            // after it: a non-2xx then means a proxy still routed new traffic to a stopping pod.
            env: [{ name: 'APP_VERSION', value: '1' }, { name: 'TERM_DELAY_MS', value: '1000' }, { name: 'REJECT_NEW_AFTER_TERM', value: '1' }],
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
          }],
        },
      },
    },
  };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
  return [deployment, service].map((o) => JSON.stringify(o)).join('\n');
}

interface LoadResult { requests: number; perSecond: number; errors: number; timeouts: number; non2xx: number; resets: number; errorCodes: Record<string, number> }

/** Steady load on `url` from before `action` starts until it finished (plus one second of aftermath). */
async function underLoad(url: string, action: () => Promise<void>): Promise<LoadResult> {
  const errorCodes: Record<string, number> = {};
  let finish!: (result: autocannon.Result) => void;
  const finished = new Promise<autocannon.Result>((resolve) => { finish = resolve; });
  const instance = autocannon({ url, connections: CONNECTIONS, overallRate: RATE, duration: 600 }, (_err, result) => finish(result));
  instance.on('reqError', (err: NodeJS.ErrnoException) => { const code = err.code ?? err.message; errorCodes[code] = (errorCodes[code] ?? 0) + 1; });
  const startedMs = Date.now();
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    await action();
    await new Promise((r) => setTimeout(r, 1_000));
  } finally {
    instance.stop();
  }
  const r = await finished;
  return { requests: r.requests.total, perSecond: Math.round(r.requests.total / ((Date.now() - startedMs) / 1000)), errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, resets: errorCodes.ECONNRESET ?? 0, errorCodes };
}

function assertNoFailures(phase: string, load: LoadResult): void {
  assert.ok(load.requests > 0, `${phase}: no requests were sent`);
  assert.deepEqual(
    { errors: load.errors, timeouts: load.timeouts, non2xx: load.non2xx, resets: load.resets },
    { errors: 0, timeouts: 0, non2xx: 0, resets: 0 },
    `${phase}: ${JSON.stringify(load)}`,
  );
}

void describe('zero-downtime rollouts through a Service', () => {
  let cluster: TugCluster | undefined;
  let url = '';
  const debug = async () => `${(await cluster!.kubectl(['get', 'pods,endpointslices', '-o', 'wide'])).stdout}\n--- server log ---\n${cluster!.logs().slice(-4000)}`;

  before(async () => {
    cluster = await startTug({ args: ['--runtime', 'process', '--service-cidr', '127.11.0.0/16'], serviceProxy: 'userspace' });
    await kubectlOk(cluster, ['apply', '-f', '-'], manifests(3));
    const clusterIP = await eventually('a ClusterIP', async () => (await cluster!.kubectl(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout.trim() || undefined);
    url = `http://${clusterIP}/`;
    await eventually('3 ready pods answering through the ClusterIP', async () => {
      const ready = (await cluster!.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.status.readyReplicas}'])).stdout.trim();
      if (ready !== '3') return undefined;
      const res = await fetch(url).catch(() => undefined);
      return res?.status === 200 || undefined;
    }, { timeoutMs: 60_000, describe: debug });
  });

  after(async () => {
    if (!cluster) return;
    // Host processes outlive their agent (as containers do): stop what the suite left behind,
    // after tug stopped (no restarts) and before dispose() removes the runtime's state.
    await cluster.stop('SIGTERM').catch(() => undefined);
    try {
      await removeProcessContainers(join(cluster.dataDir, 'agent', 'process-runtime'));
    } finally {
      await cluster.dispose();
    }
  });

  const rolloutDone = async () => {
    const r = await cluster!.kubectl(['rollout', 'status', 'deploy/web', '--timeout=60s']);
    assert.equal(r.code, 0, `rollout did not complete: ${r.stdout}\n${r.stderr}\n${await debug()}`);
  };
  const podCount = async () => lines((await cluster!.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout).length;

  void it('keeps every request succeeding through a rolling update of 3 replicas', async (t) => {
    const load = await underLoad(url, async () => {
      await kubectlOk(cluster!, ['set', 'env', 'deploy/web', 'APP_VERSION=2']);
      await rolloutDone();
      await eventually('old pods gone', async () => (await podCount()) === 3 || undefined, { timeoutMs: 30_000, describe: debug });
    });
    t.diagnostic(`rolling update: ${JSON.stringify(load)}`);
    assertNoFailures('rolling update', load);
  });

  void it('keeps every request succeeding through a scale-down from 3 to 1', async (t) => {
    const load = await underLoad(url, async () => {
      await kubectlOk(cluster!, ['scale', 'deploy/web', '--replicas=1']);
      await eventually('2 pods gone', async () => (await podCount()) === 1 || undefined, { timeoutMs: 30_000, describe: debug });
    });
    t.diagnostic(`scale-down: ${JSON.stringify(load)}`);
    assertNoFailures('scale-down', load);
  });

  void it('keeps every request succeeding through a 1-replica update (surge first)', async (t) => {
    const load = await underLoad(url, async () => {
      await kubectlOk(cluster!, ['set', 'env', 'deploy/web', 'APP_VERSION=3']);
      await rolloutDone();
      await eventually('the old pod gone', async () => (await podCount()) === 1 || undefined, { timeoutMs: 30_000, describe: debug });
    });
    t.diagnostic(`1-replica update: ${JSON.stringify(load)}`);
    assertNoFailures('1-replica update', load);
    const body = await (await fetch(url)).json() as { version: string };
    assert.equal(body.version, '3');
  });

  void it('took every deleted pod out of the proxies before stopping it', async () => {
    const events = JSON.parse(await kubectlOk(cluster!, ['get', 'events', '-o', 'json'])) as { items: Array<{ reason: string; message: string; involvedObject: { name: string } }> };
    const removed = new Set(events.items.filter((e) => e.reason === 'RemovedFromProxies').map((e) => e.involvedObject.name));
    const timedOut = events.items.filter((e) => e.reason === 'ProxyAckTimeout');
    // 3 (update) + 2 (scale-down) + 1 (1-replica update) pods were deleted.
    assert.equal(removed.size, 6, JSON.stringify(events.items.filter((e) => /Proxies|ProxyAck|Killing/.test(e.reason)).map((e) => [e.involvedObject.name, e.reason, e.message])));
    assert.deepEqual(timedOut.map((e) => e.message), []);
  });
});
