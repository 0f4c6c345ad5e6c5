/**
 * The node agent on real Docker, driven through `tug up` and kubectl: pods with probes,
 * `kubectl logs` / `logs -f` / `exec` through the agent endpoint, deletion, crash loops,
 * liveness and readiness failures, graceful stop, bad input, and finally a `kill -9` of
 * the whole process and a restart on the same data dir. One cluster for the whole file;
 * every pod gets a unique name (the Docker daemon may be shared with other clusters,
 * and container names are per daemon). Skipped without DOCKER_HOST.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { ensureTestImages } from '../../support/docker/images.js';
import { parseDockerHost } from '../../../src/agent/runtime/docker/docker-client.js';
import { eventually, kubectlOk } from '../workloads/support.js';

const skip = process.env.DOCKER_HOST ? false : 'DOCKER_HOST is not set (start one with scripts/docker/start-dockerd.sh)';
const suffix = randomBytes(3).toString('hex');
const name = (base: string) => `${base}-${suffix}`;

interface ContainerStatus {
  name: string; ready: boolean; restartCount: number;
  state?: { running?: object; waiting?: { reason?: string; message?: string }; terminated?: { exitCode: number; reason?: string; message?: string } };
  lastState?: { terminated?: { exitCode: number; reason?: string; message?: string } };
}
interface PodView {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string }>; containerStatuses?: ContainerStatus[] };
}

function pod(podName: string, container: Record<string, unknown>, extra: { spec?: Record<string, unknown>; annotations?: Record<string, string> } = {}): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: podName, labels: { suite: 'agent-e2e' }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: { terminationGracePeriodSeconds: 2, ...extra.spec, containers: [{ name: 'app', imagePullPolicy: 'IfNotPresent', ...container }] },
  });
}

const readiness = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 };
const nodeApp = (env: Record<string, string> = {}, more: Record<string, unknown> = {}) => ({
  image: 'tug-node:1', ports: [{ containerPort: 8080 }], readinessProbe: readiness,
  env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })), ...more,
});

void describe('node agent on Docker', { skip }, () => {
  let cluster: TugCluster;
  let docker: Docker;
  const created: string[] = [];

  const getPod = async (podName: string): Promise<PodView | undefined> => {
    const r = await cluster.kubectl(['get', 'pod', podName, '-o', 'json']);
    return r.code === 0 ? JSON.parse(r.stdout) as PodView : undefined;
  };
  const describePod = (podName: string) => async () => JSON.stringify((await getPod(podName))?.status ?? 'gone', null, 1);
  const status = async (podName: string) => (await getPod(podName))?.status?.containerStatuses?.[0];
  const isReady = (p: PodView | undefined) => p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const apply = async (manifest: string, podName: string) => { created.push(podName); await kubectlOk(cluster, ['apply', '-f', '-'], manifest); };
  const containersOf = async (uid: string, all = true) => docker.listContainers({ all, filters: { label: [`io.tugboat.pod.uid=${uid}`] } });
  const waitFor = <T>(what: string, podName: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) =>
    eventually(what, probe, { timeoutMs, describe: describePod(podName) });

  void before(async () => {
    const dockerHost = process.env.DOCKER_HOST ?? '';
    await ensureTestImages(dockerHost);
    docker = new Docker(parseDockerHost(dockerHost) as Docker.DockerOptions);
    cluster = await startTug({ env: { DOCKER_HOST: dockerHost } });
  });
  void after(async () => {
    if (!cluster) return;
    if (created.length > 0) await cluster.kubectl(['delete', 'pods', ...created, '--grace-period=0', '--force', '--ignore-not-found', '--wait=false']);
    await eventually('containers removed', async () => (await docker.listContainers({ all: true, filters: { label: [`io.tugboat.agent.dir=${cluster.dataDir}/agent`] } })).length === 0 || undefined, { timeoutMs: 20_000 }).catch(() => undefined);
    await cluster.dispose();
  });

  const web = [name('web-a'), name('web-b'), name('web-c')];

  void it('runs pods with readiness probes to Running and Ready', async () => {
    for (const p of web) await apply(pod(p, nodeApp()), p);
    for (const p of web) {
      await waitFor(`${p} Running and Ready`, p, async () => {
        const v = await getPod(p);
        return v?.status?.phase === 'Running' && isReady(v) ? true : undefined;
      });
    }
  });

  void it('serves kubectl logs, logs -f and exec through the agent', async () => {
    const p = web[0];
    const logs = await kubectlOk(cluster, ['logs', p]);
    assert.match(logs, /listening on 8080/);
    const follow = cluster.kubectlWatch(['logs', '-f', '--tail=1', p]);
    try {
      await follow.waitFor(/GET \/ready/, 15_000);
      const out = await kubectlOk(cluster, ['exec', p, '--', 'wget', '-qO-', 'http://127.0.0.1:8080/from-the-test']);
      assert.match(out, /from-the-test/);
      await follow.waitFor(/GET \/from-the-test/, 15_000);
    } finally {
      await follow.kill();
    }
    const hi = await cluster.kubectl(['exec', p, '--', 'echo', 'hi']);
    assert.equal(hi.code, 0, hi.stderr);
    assert.equal(hi.stdout, 'hi\n');
    const three = await cluster.kubectl(['exec', p, '--', 'sh', '-c', 'exit 3']);
    assert.equal(three.code, 3, three.stderr);
    assert.match(three.stderr, /command terminated with exit code 3/);
    const piped = await cluster.kubectl(['exec', '-i', p, '--', 'cat'], { input: 'through stdin\n' });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, 'through stdin\n');
    const missing = await cluster.kubectl(['logs', 'no-such-pod']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /not found/);
  });

  void it('removes the container when its pod is deleted', async () => {
    const p = web[2];
    const view = await getPod(p);
    assert.ok(view);
    assert.equal((await containersOf(view.metadata.uid, false)).length, 1);
    await kubectlOk(cluster, ['delete', 'pod', p, '--wait=true', '--timeout=30s']);
    await eventually('container gone from docker ps', async () => (await containersOf(view.metadata.uid)).length === 0 || undefined, { timeoutMs: 15_000 });
  });

  void it('restarts a crashing container with growing back-off and keeps its last words', async () => {
    const p = name('crash');
    await apply(pod(p, { image: 'tug-busybox:1', command: ['sh', '-c', 'echo starting; echo last words before exit; exit 1'] }), p);
    const first = await waitFor('CrashLoopBackOff back-off 10s', p, async () => {
      const s = await status(p);
      return s && s.restartCount >= 1 && /back-off 10s/.test(s.state?.waiting?.message ?? '') ? s : undefined;
    });
    assert.equal(first.lastState?.terminated?.exitCode, 1);
    assert.match(first.lastState?.terminated?.message ?? '', /last words before exit/);
    const later = await waitFor('back-off grown to 20s', p, async () => {
      const s = await status(p);
      return s && /back-off 20s/.test(s.state?.waiting?.message ?? '') ? s : undefined;
    }, 40_000);
    assert.ok(later.restartCount > first.restartCount, `restartCount ${first.restartCount} → ${later.restartCount}`);
    assert.equal(later.lastState?.terminated?.exitCode, 1);
    // The previous instance's log stays readable after the restart.
    assert.match(await kubectlOk(cluster, ['logs', '--previous', p]), /last words before exit/);
  });

  void it('kills and restarts a container whose liveness probe fails', async () => {
    const p = name('unlive');
    const liveness = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 1 };
    await apply(pod(p, nodeApp({ FAIL_LIVENESS: '1' }, { livenessProbe: liveness })), p);
    await waitFor('restart after liveness failure', p, async () => ((await status(p))?.restartCount ?? 0) >= 1 || undefined);
  });

  void it('keeps a container whose readiness probe fails NotReady, without restarts', async () => {
    const p = name('unready');
    await apply(pod(p, nodeApp({ FAIL_READINESS: '1' })), p);
    await waitFor('running', p, async () => ((await status(p))?.state?.running ? true : undefined));
    // Several probe periods (1 s) pass while it stays unready and is never restarted.
    await new Promise((r) => setTimeout(r, 4_000));
    const v = await getPod(p);
    assert.equal(v?.status?.phase, 'Running');
    assert.equal(isReady(v), false);
    assert.equal(v?.status?.containerStatuses?.[0].ready, false);
    assert.equal(v?.status?.containerStatuses?.[0].restartCount, 0);
  });

  void it('kills a container that ignores SIGTERM after the grace period, and lets a polite one exit 0', async () => {
    const stubborn = name('stubborn');
    const polite = name('polite');
    await apply(pod(stubborn, nodeApp({ IGNORE_SIGTERM: '1' }), { spec: { terminationGracePeriodSeconds: 3 } }), stubborn);
    await apply(pod(polite, nodeApp({ TERM_DELAY_MS: '500' })), polite);
    const uids: Record<string, string> = {};
    for (const p of [stubborn, polite]) {
      await waitFor(`${p} running`, p, async () => ((await status(p))?.state?.running ? true : undefined));
      uids[p] = (await getPod(p))!.metadata.uid;
    }
    // Watch the containers' exit codes from Docker: the agent removes them right after.
    const exitCodes: Record<string, number> = {};
    const events = await docker.getEvents({ filters: { event: ['die'], label: ['io.tugboat.managed=true'] } }) as NodeJS.ReadableStream & { destroy(): void };
    events.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } };
        const attrs = e.Actor?.Attributes ?? {};
        const uid = attrs['io.tugboat.pod.uid'];
        if (uid) exitCodes[uid] = Number(attrs.exitCode);
      }
    });
    try {
      const t0 = Date.now();
      const [slow, fast] = await Promise.all([
        cluster.kubectl(['delete', 'pod', stubborn, '--wait=true', '--timeout=30s']).then((r) => ({ ...r, ms: Date.now() - t0 })),
        cluster.kubectl(['delete', 'pod', polite, '--wait=true', '--timeout=30s']),
      ]);
      assert.equal(slow.code, 0, slow.stderr);
      assert.equal(fast.code, 0, fast.stderr);
      assert.ok(slow.ms >= 3_000, `the SIGTERM-ignoring pod was deleted after ${slow.ms} ms, before its 3 s grace period`);
      await eventually('both exits seen', async () => (uids[stubborn] in exitCodes && uids[polite] in exitCodes) || undefined, { timeoutMs: 10_000 });
      assert.equal(exitCodes[uids[stubborn]], 137);
      assert.equal(exitCodes[uids[polite]], 0);
    } finally {
      events.destroy();
    }
  });

  void it('reports bad input in status and keeps serving the other pods', async () => {
    const noImage = name('noimage');
    const noCmd = name('nocmd');
    const portClash = name('hostport');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    try {
      await apply(pod(noImage, { image: `tug-does-not-exist-${suffix}:1` }), noImage);
      await apply(pod(noCmd, { image: 'tug-busybox:1', command: ['/no/such/binary'] }), noCmd);
      await apply(pod(portClash, nodeApp({}, { ports: [{ containerPort: 8080, hostPort: takenPort, hostIP: '127.0.0.1' }] })), portClash);
      await waitFor('ErrImagePull/ImagePullBackOff', noImage, async () =>
        /^(ErrImagePull|ImagePullBackOff)$/.test((await status(noImage))?.state?.waiting?.reason ?? '') || undefined);
      const cmd = await waitFor('CreateContainerError/RunContainerError', noCmd, async () => {
        const s = await status(noCmd);
        const reason = s?.state?.waiting?.reason ?? s?.lastState?.terminated?.reason ?? s?.state?.terminated?.reason ?? '';
        return /^(CreateContainerError|RunContainerError|StartError|CrashLoopBackOff)$/.test(reason) ? s : undefined;
      });
      assert.match(JSON.stringify(cmd), /no\/such\/binary|not found|no such file/i);
      const clash = await waitFor('host port clash reported', portClash, async () => {
        const s = await status(portClash);
        const text = JSON.stringify(s?.state?.waiting ?? {});
        return /(RunContainerError|CreateContainerError)/.test(text) ? s : undefined;
      });
      assert.match(JSON.stringify(clash.state?.waiting), /port|address already in use|allocated/i);
    } finally {
      blocker.close();
    }
    const invalid = await cluster.kubectl(['apply', '-f', '-'], {
      input: pod(name('badprobe'), nodeApp({}, { readinessProbe: { httpGet: { path: '/ready', port: 8080 }, exec: { command: ['true'] } } })),
    });
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /Invalid|may not specify more than 1 handler type|422/i);
    // The healthy pods were not disturbed.
    assert.equal(isReady(await getPod(web[1])), true);
    const hi = await cluster.kubectl(['exec', web[1], '--', 'echo', 'still here']);
    assert.equal(hi.stdout, 'still here\n');
  });

  void it('survives kill -9 of tug up: no duplicate containers, pods stay Running, restartCount unchanged', async () => {
    const before = new Map<string, { uid: string; restarts: number }>();
    for (const p of web.slice(0, 2)) {
      const v = (await getPod(p))!;
      before.set(p, { uid: v.metadata.uid, restarts: v.status?.containerStatuses?.[0].restartCount ?? -1 });
    }
    await cluster.stop('SIGKILL');
    await cluster.restart();
    for (const [p, { uid, restarts }] of before) {
      await waitFor(`${p} Ready after restart`, p, async () => isReady(await getPod(p)) || undefined);
      const v = (await getPod(p))!;
      assert.equal(v.status?.phase, 'Running');
      assert.equal(v.status?.containerStatuses?.[0].restartCount, restarts);
      const containers = await containersOf(uid);
      assert.equal(containers.length, 1, `containers of ${p}: ${containers.map((c) => `${c.Names[0]} ${c.State}`).join(', ')}`);
      assert.equal(containers[0].State, 'running');
    }
    const logs = await kubectlOk(cluster, ['logs', web[0], '--tail=1']);
    assert.ok(logs.length > 0);
  });
});
