/**
 * The Deployment life cycle on Docker, driven by kubectl against `tug up` (embedded agent):
 * apply → available, image update, history, undo, scale, self-healing, restart,
 * pause/resume, Tugboat's automatic rollback (crash loop, never ready), and cascading
 * delete. One cluster and one Deployment ("web") for the whole file: the cases run in
 * order and each starts from the state the previous one left. Skipped without DOCKER_HOST.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { ensureTestImages } from '../../support/docker/images.js';
import { eventually, kubectlOk, lines } from './support.js';

const skip = process.env.DOCKER_HOST ? false : 'DOCKER_HOST is not set (start one with scripts/docker/start-dockerd.sh)';

/**
 * The Kubernetes docs' nginx Deployment, on the local test image. The pod template caps
 * the crash-loop back-off at 2 s (a Tugboat annotation) so the crash-loop rollback case
 * does not wait out the default 10 s, 20 s … back-off.
 */
const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
      annotations:
        tugboat.io/max-restart-backoff-seconds: "2"
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: app
        image: tug-node:1
        ports:
        - containerPort: 8080
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
          periodSeconds: 1
`;

interface PodView { name: string; image: string; ready: boolean; deleting: boolean; env: string[] }

void describe('Deployment on Docker through kubectl', { skip }, () => {
  let cluster: TugCluster;

  void before(async () => {
    await ensureTestImages(process.env.DOCKER_HOST ?? '');
    cluster = await startTug({ env: { DOCKER_HOST: process.env.DOCKER_HOST ?? '' } });
  });
  void after(async () => {
    if (!cluster) return;
    // Delete the pods (gracefully, waiting) so the embedded agent stops their containers
    // before the server dies: containers outlive `tug up` by design (they are adopted at restart).
    await cluster.kubectl(['delete', 'deployment', 'web', '--ignore-not-found', '--wait=false']);
    await cluster.kubectl(['delete', 'rs', '-l', 'app=web', '--ignore-not-found', '--wait=false']);
    await cluster.kubectl(['delete', 'pods', '-l', 'app=web', '--ignore-not-found', '--grace-period=1', '--timeout=40s']);
    await cluster.stop('SIGTERM');
    await cluster.dispose();
  });

  const ok = (args: string[], input?: string) => kubectlOk(cluster, args, input);

  async function pods(): Promise<PodView[]> {
    const list = JSON.parse(await ok(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as { items: any[] };
    return list.items.map((p) => ({
      name: p.metadata.name,
      image: p.spec.containers[0].image,
      ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
      deleting: Boolean(p.metadata.deletionTimestamp),
      env: (p.spec.containers[0].env ?? []).map((e: any) => `${e.name}=${e.value}`),
    }));
  }

  /** Waits until exactly `count` pods exist (terminating ones included, so old pods must be gone) and all are ready with `image`. */
  async function settled(count: number, image: string, timeoutMs = 60_000): Promise<PodView[]> {
    let seen: PodView[] = [];
    return eventually(`${count} ready pods of ${image}`, async () => {
      seen = await pods();
      return seen.length === count && seen.every((p) => p.ready && p.image === image && !p.deleting) ? seen : undefined;
    }, { timeoutMs, describe: async () => JSON.stringify(seen, null, 1) });
  }

  async function rolloutStatus(): Promise<void> {
    const r = await cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    assert.equal(r.code, 0, `rollout status failed:\n${r.stdout}\n${r.stderr}\n${cluster.logs().slice(-3000)}`);
    assert.match(r.stdout, /deployment "web" successfully rolled out/);
  }

  async function deploymentJson(): Promise<any> {
    return JSON.parse(await ok(['get', 'deployment', 'web', '-o', 'json']));
  }

  /** Waits until the current ReplicaSet's rollout is trusted (pods stayed ready through the stability window). */
  async function currentRevisionTrusted(): Promise<void> {
    await eventually('the current revision to be marked rollout-complete', async () => {
      const d = await deploymentJson();
      const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
      const rss = JSON.parse(await ok(['get', 'rs', '-l', 'app=web', '-o', 'json'])) as { items: any[] };
      const current = rss.items.find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
      return current?.metadata.annotations?.['tugboat.io/rollout-complete'] === 'true' ? true : undefined;
    }, { timeoutMs: 40_000 });
  }

  async function rolledBack(messagePattern: RegExp, timeoutMs: number): Promise<any> {
    return eventually('the RolledBack condition', async () => {
      const raw = await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions}']);
      const conditions = raw ? JSON.parse(raw) as any[] : [];
      const c = conditions.find((x) => x.type === 'RolledBack' && x.status === 'True');
      return c && messagePattern.test(c.message) ? c : undefined;
    }, { timeoutMs, intervalMs: 500, describe: async () => `${await ok(['get', 'deploy', 'web', '-o', 'yaml'])}\n${JSON.stringify(await pods(), null, 1)}` });
  }

  async function rolledBackEvents(): Promise<any[]> {
    const events = JSON.parse(await ok(['get', 'events', '-o', 'json'])) as { items: any[] };
    return events.items.filter((e) => e.reason === 'RolledBack' && e.involvedObject?.kind === 'Deployment' && e.involvedObject?.name === 'web');
  }

  void it('applies the Deployment and it becomes available', async () => {
    assert.match(await ok(['apply', '-f', '-'], WEB), /deployment\.apps\/web created/);
    await rolloutStatus();
    await settled(3, 'tug-node:1');
    assert.equal(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.availableReplicas}']), '3');
  });

  void it('rolls out a new image with kubectl set image', async () => {
    await ok(['set', 'image', 'deployment/web', 'app=tug-node:2']);
    await rolloutStatus();
    await settled(3, 'tug-node:2');
  });

  void it('lists revisions 1 and 2 in rollout history', async () => {
    const out = lines(await ok(['rollout', 'history', 'deployment/web']));
    assert.match(out[0], /^deployment\.apps\/web$/);
    assert.match(out[1], /^REVISION\s+CHANGE-CAUSE$/);
    assert.deepEqual(out.slice(2).map((l) => l.split(/\s+/)[0]), ['1', '2']);
  });

  void it('undoes the rollout back to tug-node:1 as revision 3', async () => {
    assert.match(await ok(['rollout', 'undo', 'deployment/web']), /deployment\.apps\/web rolled back/);
    await rolloutStatus();
    await settled(3, 'tug-node:1');
    const d = await deploymentJson();
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    assert.deepEqual(lines(await ok(['rollout', 'history', 'deployment/web'])).slice(2).map((l) => l.split(/\s+/)[0]), ['2', '3']);
  });

  void it('scales to 5 and back to 2', async () => {
    await ok(['scale', 'deployment/web', '--replicas=5']);
    await settled(5, 'tug-node:1');
    await ok(['scale', 'deployment/web', '--replicas=2']);
    await settled(2, 'tug-node:1');
  });

  void it('replaces a deleted pod', async () => {
    const [victim, survivor] = await settled(2, 'tug-node:1');
    await ok(['delete', 'pod', victim.name, '--wait=false']);
    const now = await settled(2, 'tug-node:1');
    const names = now.map((p) => p.name);
    assert.ok(!names.includes(victim.name), `${victim.name} should be gone: ${names.join(', ')}`);
    assert.ok(names.includes(survivor.name));
  });

  void it('restarts every pod with kubectl rollout restart', async () => {
    const before = new Set((await settled(2, 'tug-node:1')).map((p) => p.name));
    assert.match(await ok(['rollout', 'restart', 'deployment/web']), /deployment\.apps\/web restarted/);
    await rolloutStatus();
    const after = await settled(2, 'tug-node:1');
    assert.ok(after.every((p) => !before.has(p.name)), 'every pod was replaced');
    const d = await deploymentJson();
    assert.ok(d.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
  });

  void it('holds changes while paused and rolls them out on resume', async () => {
    assert.match(await ok(['rollout', 'pause', 'deployment/web']), /deployment\.apps\/web paused/);
    await ok(['set', 'image', 'deployment/web', 'app=tug-node:2']);
    // Give the controller time to (wrongly) act, then check it did not.
    const generation = String((await deploymentJson()).metadata.generation);
    await eventually('the controller to observe the paused spec', async () =>
      (await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.status.observedGeneration}'])) === generation ? true : undefined);
    await new Promise((r) => setTimeout(r, 2_000));
    const held = await pods();
    assert.ok(held.every((p) => p.image === 'tug-node:1'), JSON.stringify(held));
    assert.match(await ok(['rollout', 'resume', 'deployment/web']), /deployment\.apps\/web resumed/);
    await rolloutStatus();
    await settled(2, 'tug-node:2');
  });

  void it('rolls back automatically when the new pods crash-loop', async () => {
    await currentRevisionTrusted();
    const before = await rolledBackEvents();
    await ok(['set', 'env', 'deployment/web', 'CRASH_AFTER_MS=300']);
    const events = await eventually('a new RolledBack event', async () => {
      const all = await rolledBackEvents();
      return all.length > before.length ? all : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, describe: async () => JSON.stringify(await pods(), null, 1) });
    const event = events.find((e) => !before.some((b) => b.metadata.name === e.metadata.name))!;
    assert.equal(event.type, 'Warning');
    assert.match(event.message, /^Rolled back from revision \d+ to revision \d+: .*(restarted \d+ times|CrashLoopBackOff)/);
    await rolloutStatus();
    const now = await settled(2, 'tug-node:2');
    assert.ok(now.every((p) => !p.env.some((e) => e.startsWith('CRASH_AFTER_MS='))), JSON.stringify(now));
    const d = await deploymentJson();
    assert.equal(d.status.availableReplicas, 2);
    assert.ok(!(d.spec.template.spec.containers[0].env ?? []).some((e: any) => e.name === 'CRASH_AFTER_MS'));
  });

  void it('shows the automatic rollback as the RolledBack condition', async () => {
    const condition = await rolledBack(/^Rolled back from revision \d+ to revision \d+: .*(restarted \d+ times|CrashLoopBackOff)/, 10_000);
    assert.equal(condition.reason, 'AutomaticRollback');
  });

  void it('rolls back a template whose pods never become ready', async () => {
    await currentRevisionTrusted();
    await ok(['annotate', 'deployment/web', 'tugboat.io/rollback-unready-seconds=5']);
    await ok(['set', 'env', 'deployment/web', 'FAIL_READINESS=1']);
    const condition = await rolledBack(/has not become ready in 5s/, 40_000);
    assert.equal(condition.reason, 'AutomaticRollback');
    await rolloutStatus();
    const now = await settled(2, 'tug-node:2');
    assert.ok(now.every((p) => !p.env.includes('FAIL_READINESS=1')), JSON.stringify(now));
    const events = await rolledBackEvents();
    assert.ok(events.some((e) => /has not become ready in 5s/.test(e.message)), JSON.stringify(events));
  });

  void it('deleting the Deployment removes its ReplicaSets and pods', async () => {
    await ok(['delete', 'deployment', 'web', '--wait=false']);
    await eventually('ReplicaSets and pods of web to be gone', async () => {
      const rs = await ok(['get', 'rs', '-l', 'app=web', '-o', 'name']);
      const ps = await ok(['get', 'pods', '-l', 'app=web', '-o', 'name']);
      return rs.trim() === '' && ps.trim() === '' ? true : undefined;
    }, { timeoutMs: 30_000 });
  });
});
