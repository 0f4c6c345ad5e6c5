/**
 * Persistent storage on real Docker through `tug up` and kubectl: a StatefulSet's claim is
 * provisioned by local-path on the node its pod lands on, keeps its data when the pod is
 * deleted and recreated, and is reclaimed (directory removed by the agent) once the claim
 * goes; a claim of an unknown class stays Pending with an Event; `kubectl describe` of a
 * claim, a pod and a Secret (never the value). Skipped without DOCKER_HOST.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { ensureTestImages } from '../../support/docker/images.js';
import { eventually, kubectlOk } from '../workloads/support.js';

const skip = process.env.DOCKER_HOST ? false : 'DOCKER_HOST is not set (start one with scripts/docker/start-dockerd.sh)';
const suffix = randomBytes(3).toString('hex');
const SET = `db-${suffix}`;
const POD = `${SET}-0`;
const CLAIM = `data-${SET}-0`;

function statefulSet(): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: SET },
    spec: {
      replicas: 1, serviceName: SET, selector: { matchLabels: { app: SET } },
      template: {
        metadata: { labels: { app: SET } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{
            name: 'db', image: 'tug-busybox:1', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels: { tier: 'db' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '16Mi' } } },
      }],
    },
  });
}

interface Obj { metadata: { name: string; uid: string; labels?: Record<string, string> }; spec?: any; status?: any }

void describe('persistent storage on Docker', { skip }, () => {
  let cluster: TugCluster;
  let storageDir: string;

  const get = async (kind: string, name: string): Promise<Obj | undefined> => {
    const r = await cluster.kubectl(['get', kind, name, '-o', 'json']);
    return r.code === 0 ? JSON.parse(r.stdout) as Obj : undefined;
  };
  const situation = async () => (await cluster.kubectl(['get', 'pods,pvc,pv', '-o', 'wide'])).stdout +
    (await cluster.kubectl(['get', 'events', '--sort-by=.lastTimestamp'])).stdout.split('\n').slice(-15).join('\n') +
    `\n--- server log ---\n${cluster.logs().slice(-2500)}`;
  const runningPod = (uidNot?: string) => eventually(`pod ${POD} Running`, async () => {
    const pod = await get('pod', POD);
    return pod?.status?.phase === 'Running' && pod.metadata.uid !== uidNot ? pod : undefined;
  }, { timeoutMs: 45_000, describe: situation });

  void before(async () => {
    const dockerHost = process.env.DOCKER_HOST ?? '';
    await ensureTestImages(dockerHost);
    storageDir = await mkdtemp(join(tmpdir(), 'tug-e2e-storage-'));
    cluster = await startTug({ env: { DOCKER_HOST: dockerHost }, args: ['--runtime', 'docker', '--local-storage-dir', storageDir] });
  });
  void after(async () => {
    if (cluster) {
      await cluster.kubectl(['delete', 'statefulset', SET, '--ignore-not-found', '--wait=false']);
      await cluster.kubectl(['delete', 'pods', POD, '--grace-period=0', '--force', '--ignore-not-found', '--wait=false']);
      await cluster.dispose();
    }
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  void it('has the local-path class as the default', async () => {
    // Created by the control plane once it runs, a moment after the API answers.
    const out = await eventually('default classes', async () => {
      const text = await kubectlOk(cluster, ['get', 'storageclass']);
      return text.includes('local-path') ? text : undefined;
    });
    assert.match(out, /^local-path \(default\)\s+tugboat\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+true/m);
    assert.doesNotMatch(out, /^shared/m, 'no shared class without --shared-storage-dir');
  });

  void it('a StatefulSet claim is provisioned on the pod node and keeps its data across pod recreation', async () => {
    await kubectlOk(cluster, ['apply', '-f', '-'], statefulSet());
    const first = await runningPod();
    const claim = await eventually('claim Bound', async () => {
      const c = await get('pvc', CLAIM);
      return c?.status?.phase === 'Bound' ? c : undefined;
    }, { describe: situation });
    assert.equal(claim.spec.storageClassName, 'local-path', 'the default class was assigned');
    assert.equal(claim.metadata.labels?.tier, 'db');
    assert.equal(claim.metadata.labels?.app, SET);
    const node: string = first.spec.nodeName;
    const pv = (await get('pv', claim.spec.volumeName))!;
    assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0], { key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
    assert.equal(pv.spec.hostPath.path, join(storageDir, `${pv.metadata.name}_default_${CLAIM}`));
    assert.equal(pv.status.phase, 'Bound');
    assert.match(await kubectlOk(cluster, ['get', 'pv', pv.metadata.name]), new RegExp(`16Mi\\s+RWO\\s+Delete\\s+Bound\\s+default/${CLAIM}\\s+local-path`));

    await kubectlOk(cluster, ['exec', POD, '--', 'sh', '-c', `echo ${suffix} > /data/f`]);
    assert.equal(await readFile(join(pv.spec.hostPath.path, 'f'), 'utf8'), `${suffix}\n`, 'the file is in the volume directory on the host');

    await kubectlOk(cluster, ['delete', 'pod', POD, '--wait=true']);
    await runningPod(first.metadata.uid);
    assert.equal(await kubectlOk(cluster, ['exec', POD, '--', 'cat', '/data/f']), `${suffix}\n`);
    assert.equal((await get('pvc', CLAIM))!.spec.volumeName, pv.metadata.name, 'the same claim and volume were reused');
  });

  void it('kubectl describe shows a claim with its volume and the pod using it', async () => {
    const claimText = await kubectlOk(cluster, ['describe', 'pvc', CLAIM]);
    assert.match(claimText, /Status:\s+Bound/);
    assert.match(claimText, /StorageClass:\s+local-path/);
    assert.match(claimText, /Volume:\s+pvc-/);
    assert.match(claimText, /Capacity:\s+16Mi/);
    assert.match(claimText, new RegExp(`Used By:\\s+${POD}`));
    assert.match(claimText, /ProvisioningSucceeded/);
    const podText = await kubectlOk(cluster, ['describe', 'pod', POD]);
    assert.match(podText, new RegExp(`ClaimName:\\s+${CLAIM}`));
    assert.match(podText, /Status:\s+Running/);
  });

  void it('a claim of an unknown class stays Pending with a ProvisioningFailed event', async () => {
    const name = `odd-${suffix}`;
    await kubectlOk(cluster, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name },
      spec: { storageClassName: 'no-such-class', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } },
    }));
    const text = await eventually('ProvisioningFailed event', async () => {
      const out = await kubectlOk(cluster, ['describe', 'pvc', name]);
      return /ProvisioningFailed/.test(out) ? out : undefined;
    }, { describe: situation });
    assert.match(text, /Status:\s+Pending/);
    assert.match(text, /storageclass\.storage\.k8s\.io "no-such-class" not found/);
    await kubectlOk(cluster, ['delete', 'pvc', name]);
  });

  void it('kubectl describe secret shows sizes, never values', async () => {
    const name = `creds-${suffix}`;
    const value = `s3cr3t-${suffix}`;
    await kubectlOk(cluster, ['create', 'secret', 'generic', name, `--from-literal=password=${value}`, '--from-literal=user=admin']);
    const text = await kubectlOk(cluster, ['describe', 'secret', name]);
    assert.match(text, /Type:\s+Opaque/);
    assert.match(text, new RegExp(`password:\\s+${value.length} bytes`));
    assert.match(text, /user:\s+5 bytes/);
    assert.ok(!text.includes(value) && !text.includes(Buffer.from(value).toString('base64')), 'the value is not shown');
  });

  void it('deleting the set keeps the claim; deleting the claim deletes the volume and its directory', async () => {
    const volumeName = (await get('pvc', CLAIM))!.spec.volumeName as string;
    const dir = (await get('pv', volumeName))!.spec.hostPath.path as string;
    await kubectlOk(cluster, ['delete', 'statefulset', SET, '--wait=true']);
    await eventually('pod gone', async () => ((await get('pod', POD)) ? undefined : true), { describe: situation });
    assert.ok(await get('pvc', CLAIM), 'the claim outlives its StatefulSet');
    await kubectlOk(cluster, ['delete', 'pvc', CLAIM, '--wait=true']);
    await eventually('volume deleted', async () => ((await get('pv', volumeName)) ? undefined : true), { describe: situation });
    assert.equal(existsSync(dir), false, 'the agent removed the directory');
    assert.deepEqual(await readdir(storageDir), []);
  });
});
