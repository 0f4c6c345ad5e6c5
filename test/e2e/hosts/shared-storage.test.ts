/**
 * Storage follows its workload (issue 7 "Must hold"): on the multi-host harness, a
 * 1-replica StatefulSet with a claim of the `shared` class (a directory every host sees:
 * network namespaces share the filesystem, as hosts share an NFS export in production)
 * writes a file; its host is killed; the pod comes back on the other host and reads it.
 * The class is created by the test with the shared directory as its `path` (what
 * `tug server --shared-storage-dir DIR` creates at start). Needs root and `ip netns`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { defaultStorageClasses } from '../../../src/apiserver/storage-bootstrap.js';
import { describeWithHostNetwork, hostNetworkSupport } from '../../support/hosts/index.js';
import { startTugHosts, type TugHosts } from '../../support/hosts/tug-hosts.js';
import { describePods, isReady, PODS, waitFor } from './workloads.js';

const STATEFULSETS = resourceByKind('apps/v1', 'StatefulSet')!;
const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
const VOLUMES = resourceByKind('v1', 'PersistentVolume')!;
const CLASSES = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;
const support = await hostNetworkSupport();
const MARK = `written-${process.pid}`;

/** Writes the mark on first start; on a later start (another host) copies what it finds, proving it read it. */
const SCRIPT = `D="$TUG_ROOT/data"; if [ -f "$D/f" ]; then cp "$D/f" "$D/read-by-$$"; else echo ${MARK} > "$D/f"; fi; exec sleep 3600`;

function vault(): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'vault', namespace: 'default' },
    spec: {
      replicas: 1, serviceName: 'vault', selector: { matchLabels: { app: 'vault' } },
      template: {
        metadata: { labels: { app: 'vault' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'vault', image: 'tug-busybox:1', command: ['/bin/sh', '-c', SCRIPT], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { storageClassName: 'shared', accessModes: ['ReadWriteMany'], resources: { requests: { storage: '8Mi' } } },
      }],
    },
  };
}

describeWithHostNetwork(support, 'shared storage (multi-host)', () => {
  void describe('shared storage (multi-host): server + 2 process-runtime agents', () => {
    let cluster: TugHosts | undefined;
    let sharedDir = '';
    const c = () => cluster!;
    const dump = async () => `pods: ${await describePods(c().client, 'vault').catch(String)}\n--- logs (tail) ---\n${c().logs().split('\n').slice(-40).join('\n')}`;

    before(async () => {
      assert.ok(support.supported, `multi-host suites are required here but cannot run: ${support.supported ? '' : support.reason}`);
      sharedDir = await mkdtemp(join(tmpdir(), 'tug-shared-'));
      cluster = await startTugHosts({ agents: ['a1', 'a2'] });
      const shared = defaultStorageClasses({ localStorageDir: join(sharedDir, 'unused'), sharedStorageDir: sharedDir })[1];
      await c().client.create(CLASSES, shared);
    });
    after(async () => {
      await cluster?.destroy();
      if (sharedDir) await rm(sharedDir, { recursive: true, force: true });
    });

    it('the pod comes back on another host with its data when its host dies', async () => {
      await c().client.create(STATEFULSETS, vault());
      const first = await waitFor('vault-0 Ready', async () => {
        const pod = await c().client.get(PODS, 'default', 'vault-0');
        return isReady(pod) ? pod : undefined;
      }, 45_000, dump);
      const claim = await c().client.get(CLAIMS, 'default', 'data-vault-0');
      assert.equal(claim.status?.phase, 'Bound');
      const pv = await c().client.get(VOLUMES, undefined, claim.spec.volumeName);
      assert.equal(pv.spec.nodeAffinity, undefined, 'a shared volume is not tied to a node');
      const dir: string = pv.spec.hostPath.path;
      assert.equal(join(dir, '..'), sharedDir);
      await waitFor('the file written', async () => (existsSync(join(dir, 'f')) ? true : undefined), 15_000, dump);
      assert.equal((await readFile(join(dir, 'f'), 'utf8')).trim(), MARK);

      const deadHost = c().agentHosts.find((h) => h.name === first.spec.nodeName)!;
      await deadHost.kill();
      const second = await waitFor('vault-0 Ready on the other host', async () => {
        const pod = await c().client.get(PODS, 'default', 'vault-0').catch(() => undefined);
        return pod && isReady(pod) && pod.metadata.uid !== first.metadata.uid ? pod : undefined;
      }, 60_000, dump);
      assert.notEqual(second.spec.nodeName, deadHost.name);
      const copies = await waitFor('the new pod read the file', async () => {
        const names = (await readdir(dir)).filter((n) => n.startsWith('read-by-'));
        return names.length > 0 ? names : undefined;
      }, 15_000, dump);
      assert.equal((await readFile(join(dir, copies[0]), 'utf8')).trim(), MARK);
      assert.equal((await c().client.get(CLAIMS, 'default', 'data-vault-0')).spec.volumeName, pv.metadata.name, 'same claim, same volume');
    });
  });
});
