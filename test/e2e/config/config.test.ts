/**
 * ConfigMaps, Secrets and volumes end to end on Docker (issue 7): config from env and files,
 * in-place file updates, config-change rollout and its automatic rollback, Secret values
 * kept out of the database, logs and Events (also after a key rotation), pods waiting for
 * missing config, secret volumes on tmpfs, emptyDir sizeLimit eviction and a claim's data
 * outliving its pod. One `tug up` for the file; independent pods are created up front so
 * they progress while earlier cases run. Skipped without DOCKER_HOST.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { ensureTestImages } from '../../support/docker/images.js';
import { eventually, kubectlOk } from '../workloads/support.js';
import {
  API_CLIENT, CONFIG, DEPLOYMENT, HOG, LATE_CONFIG, MISSING_KEY, MISSING_VOLUME, OPTIONAL_KEY, READER, SECRET_VALUE, WRITER, claimManifests,
} from './manifests.js';

const skip = process.env.DOCKER_HOST ? false : 'DOCKER_HOST is not set (start one with scripts/docker/start-dockerd.sh)';

void describe('config, secrets and volumes on Docker', { skip }, () => {
  let cluster: TugCluster;
  let pvDir: string;
  const ok = (args: string[], input?: string) => kubectlOk(cluster, args, input);

  void before(async () => {
    await ensureTestImages(process.env.DOCKER_HOST ?? '');
    pvDir = await mkdtemp(path.join(tmpdir(), 'tug-e2e-pv-'));
    cluster = await startTug({ env: { DOCKER_HOST: process.env.DOCKER_HOST ?? '' }, args: ['--runtime', 'docker'] });
    await ok(['apply', '-f', '-'], CONFIG);
    await ok(['apply', '-f', '-'], DEPLOYMENT);
    for (const manifest of [READER, LATE_CONFIG, MISSING_KEY, OPTIONAL_KEY, MISSING_VOLUME, HOG, claimManifests(path.join(pvDir, 'volume')), WRITER, API_CLIENT]) {
      await ok(['apply', '-f', '-'], manifest);
    }
    // Without a PV/PVC binder in the cluster the hand-made claim is bound by hand (a binder would agree).
    await cluster.kubectl(['patch', 'pvc', 'data', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Bound"}}']);
  });
  void after(async () => {
    if (!cluster) return;
    // Delete pods before stopping the server: containers outlive `tug up` by design.
    await cluster.kubectl(['delete', 'deployment', 'cfg', '--ignore-not-found', '--wait=false']);
    await cluster.kubectl(['delete', 'rs,pods', '--all', '--ignore-not-found', '--grace-period=0', '--timeout=30s']);
    await cluster.stop('SIGTERM');
    await cluster.dispose();
    await rm(pvDir, { recursive: true, force: true });
  });

  const exec = (pod: string, ...command: string[]) => ok(['exec', pod, '--', ...command]);
  const envOf = (pod: string, name: string) => exec(pod, 'sh', '-c', `printf %s "$${name}"`);
  const podJson = async (name: string) => JSON.parse(await ok(['get', 'pod', name, '-o', 'json'])) as any;
  const running = (name: string) => eventually(`pod ${name} to run`, async () => {
    const p = await podJson(name);
    return p.status?.containerStatuses?.[0]?.state?.running ? p : undefined;
  }, { timeoutMs: 40_000, describe: async () => ok(['describe', 'pod', name]) });
  const deploymentPods = async () => (JSON.parse(await ok(['get', 'pods', '-l', 'app=cfg', '-o', 'json'])) as { items: any[] }).items;
  const readyDeploymentPod = () => eventually('a ready cfg pod', async () => {
    const ready = (await deploymentPods()).filter((p) => !p.metadata.deletionTimestamp && p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    return ready.length === 1 ? ready[0] : undefined;
  }, { timeoutMs: 40_000 });
  const events = async () => (JSON.parse(await ok(['get', 'events', '-o', 'json'])) as { items: any[] }).items;

  void it('mounts the ServiceAccount token, CA and namespace into a pod that asks for them', async () => {
    await running('api-client');
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    const secret = JSON.parse(await ok(['get', 'secret', 'default-token', '-o', 'json'])) as { data: Record<string, string> };
    assert.equal(await exec('api-client', 'cat', `${dir}/token`), Buffer.from(secret.data.token, 'base64').toString());
    assert.equal(await exec('api-client', 'cat', `${dir}/namespace`), 'default');
    assert.match(await exec('api-client', 'cat', `${dir}/ca.crt`), /BEGIN CERTIFICATE/);
  });

  void it('gives the app its config from env and from a mounted ConfigMap file', async () => {
    await ok(['rollout', 'status', 'deployment/cfg', '--timeout=40s']);
    const pod = (await readyDeploymentPod()).metadata.name as string;
    assert.equal(await envOf(pod, 'GREETING'), 'hello');
    assert.equal(await exec(pod, 'cat', '/etc/config/app.properties'), 'color=blue');
  });

  void it('puts the Secret into env and a 0400 file on a tmpfs inside the container', async () => {
    const pod = (await readyDeploymentPod()).metadata.name as string;
    assert.equal(await envOf(pod, 'API_KEY'), SECRET_VALUE);
    assert.equal(await exec(pod, 'cat', '/etc/secret/API_KEY'), SECRET_VALUE);
    assert.match(await exec(pod, 'stat', '-L', '-c', '%a', '/etc/secret/API_KEY'), /^400/);
    const mount = (await exec(pod, 'cat', '/proc/mounts')).split('\n').find((l) => l.split(' ')[1] === '/etc/secret');
    assert.equal(mount?.split(' ')[2], 'tmpfs', `secret volume mount: ${mount}`);
  });

  void it('writes downward API files and shows a ConfigMap change in a running pod within 10 s, and rolls the env consumer out', async () => {
    await running('reader');
    assert.equal(await exec('reader', 'cat', '/etc/podinfo/name'), 'reader');
    assert.equal(await exec('reader', 'cat', '/etc/podinfo/labels'), 'suite="config"');
    const before = (await readyDeploymentPod()).metadata.name as string;
    await ok(['patch', 'configmap', 'app-config', '--type=merge', '-p', '{"data":{"GREETING":"bonjour","app.properties":"color=green"}}']);
    const changedAt = Date.now();
    await eventually('the mounted file to change in the running pod', async () =>
      (await exec('reader', 'cat', '/etc/config/app.properties')) === 'color=green' ? true : undefined, { timeoutMs: 10_000, intervalMs: 200 });
    assert.ok(Date.now() - changedAt <= 10_000);
    await eventually('the Deployment to roll out a pod with the new env', async () => {
      const pod = await readyDeploymentPod();
      if (pod.metadata.name === before) return undefined;
      return await envOf(pod.metadata.name, 'GREETING') === 'bonjour' ? true : undefined;
    }, { timeoutMs: 40_000 });
    await ok(['rollout', 'status', 'deployment/cfg', '--timeout=40s']);
  });

  void it('keeps a pod with a missing ConfigMap key in CreateContainerConfigError, unless optional, until the key appears', async () => {
    await running('optional-key');
    const waiting = await eventually('CreateContainerConfigError', async () => {
      const state = (await podJson('missing-key')).status?.containerStatuses?.[0]?.state?.waiting;
      return state?.reason === 'CreateContainerConfigError' ? state : undefined;
    });
    assert.equal(waiting.message, "couldn't find key LATE in ConfigMap default/late-config");
    assert.equal(await envOf('optional-key', 'LATE'), '');
    await ok(['patch', 'configmap', 'late-config', '--type=merge', '-p', '{"data":{"LATE":"here"}}']);
    await running('missing-key');
    assert.equal(await envOf('missing-key', 'LATE'), 'here');
  });

  void it('holds a pod whose volume ConfigMap is missing in ContainerCreating with a FailedMount event, then starts it', async () => {
    const event = await eventually('a FailedMount event', async () =>
      (await events()).find((e) => e.reason === 'FailedMount' && e.involvedObject?.name === 'missing-volume'));
    assert.equal(event.message, 'MountVolume.SetUp failed for volume "late" : configmap "volume-config" not found');
    assert.equal((await podJson('missing-volume')).status?.containerStatuses?.[0]?.state?.waiting?.reason, 'ContainerCreating');
    await ok(['create', 'configmap', 'volume-config', '--from-literal=k=v']);
    await running('missing-volume');
    assert.equal(await exec('missing-volume', 'cat', '/etc/late/k'), 'v');
  });

  void it('mounts a bound claim and keeps its data after the pod is deleted', async () => {
    await running('writer');
    await exec('writer', 'sh', '-c', 'echo persisted > /data/file');
    await ok(['delete', 'pod', 'writer', '--grace-period=0', '--timeout=30s']);
    assert.equal(await readFile(path.join(pvDir, 'volume', 'file'), 'utf8'), 'persisted\n');
  });

  void it('evicts a pod that writes past its emptyDir sizeLimit; a Memory emptyDir is on a tmpfs', async () => {
    await running('hog');
    const fast = (await exec('hog', 'cat', '/proc/mounts')).split('\n').find((l) => l.split(' ')[1] === '/fast');
    assert.equal(fast?.split(' ')[2], 'tmpfs', `/fast: ${fast}`);
    await exec('hog', 'touch', '/scratch/go');
    const status = await eventually('the eviction', async () => {
      const s = (await podJson('hog')).status;
      return s?.phase === 'Failed' ? s : undefined;
    }, { timeoutMs: 40_000 });
    assert.equal(status.reason, 'Evicted');
    assert.equal(status.message, 'Usage of EmptyDir volume "scratch" exceeds the limit "1Mi". ');
  });

  void it('rolls back automatically when a ConfigMap change crashes the app', async () => {
    const before = (await readyDeploymentPod()).metadata.labels['pod-template-hash'] as string;
    await ok(['patch', 'configmap', 'app-config', '--type=merge', '-p', '{"data":{"CRASH_AFTER_MS":"300"}}']);
    const rolledBack = await eventually('a RolledBack event for cfg', async () =>
      (await events()).find((e) => e.reason === 'RolledBack' && e.involvedObject?.name === 'cfg'), { timeoutMs: 60_000, intervalMs: 500 });
    assert.match(rolledBack.message, /^Rolled back from revision \d+ to revision \d+/);
    await ok(['rollout', 'status', 'deployment/cfg', '--timeout=40s']);
    assert.equal((await readyDeploymentPod()).metadata.labels['pod-template-hash'], before, 'the template from before the bad config serves again');
  });

  void it('keeps the Secret value out of the database, the data dir, logs and Events, also after rotate-key', async () => {
    const rotated = await cluster.tug(['secrets', 'rotate-key', '--data-dir', cluster.dataDir]);
    assert.equal(rotated.code, 0, rotated.stderr);
    const keyId = /new primary key (\S+)/.exec(rotated.stdout)?.[1];
    assert.ok(keyId, rotated.stdout);
    await eventually('re-encryption with the new key', async () => {
      const status = JSON.parse(await readFile(path.join(cluster.dataDir, 'secrets', 'encryption-status.json'), 'utf8').catch(() => '{}'));
      return status.primaryKeyId === keyId && status.keysInUse?.length === 1 ? true : undefined;
    }, { timeoutMs: 30_000 });
    const secret = JSON.parse(await ok(['get', 'secret', 'app-secret', '-o', 'json']));
    assert.equal(Buffer.from(secret.data.API_KEY, 'base64').toString(), SECRET_VALUE);
    // After the previous test's rollback a replacement may still be starting: read from whichever
    // Deployment pod runs (exec fails on one whose container is not running yet).
    const { pod, value } = await eventually('a running cfg pod to read the Secret file from', async () => {
      const name = (await readyDeploymentPod()).metadata.name as string;
      return { pod: name, value: await exec(name, 'cat', '/etc/secret/API_KEY') };
    }, { timeoutMs: 40_000 });
    assert.equal(value, SECRET_VALUE);

    const needles = [Buffer.from(SECRET_VALUE), Buffer.from(Buffer.from(SECRET_VALUE).toString('base64'))];
    for (const file of await filesUnder(cluster.dataDir)) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      for (const needle of needles) assert.equal(bytes.indexOf(needle), -1, `secret value found in ${file}`);
    }
    assert.ok((await readdir(path.join(cluster.dataDir, 'db'))).some((f) => f.endsWith('-wal') || f.endsWith('.db')));
    assert.ok(!cluster.logs().includes(SECRET_VALUE), 'secret value in the server log');
    assert.ok(!(await ok(['logs', pod])).includes(SECRET_VALUE), 'secret value in the container log');
    assert.ok(!JSON.stringify(await events()).includes(SECRET_VALUE), 'secret value in Events');
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile() && (await stat(full)).size < 256 * 1024 * 1024) out.push(full);
  }
  return out;
}
