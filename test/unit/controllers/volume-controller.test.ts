import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createVolumeController } from '../../../src/controllers/volume/index.js';
import { eventually, runController } from './gc-and-workload-builders.js';
import { aClaim } from './volume-builders.js';

const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
const VOLUMES = resourceByKind('v1', 'PersistentVolume')!;
const CLASSES = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;

/** The volume controller on a fake cluster; `events()` lists "<object> <type> <reason>: <message>". */
async function start(t: { after: (fn: () => Promise<void>) => void }, objects: KubeObject[], sharedStorageDir?: string) {
  const h = await runController(t, objects, (ctx) => createVolumeController(ctx, { localStorageDir: '/data/local', ...(sharedStorageDir ? { sharedStorageDir } : {}) }));
  return { client: h.client, events: () => h.events.map((e) => `${e.object} ${e.type} ${e.reason}: ${e.message}`) };
}

describe('volume controller shell', () => {
  it('creates the default classes, provisions on the selected node, binds both ways and reclaims', async (t) => {
    const claim = aClaim({ name: 'www', uid: 'u1', className: null });
    delete claim.metadata.resourceVersion;
    const { client, events } = await start(t, [claim]);

    await eventually(() => Boolean(client.peek(CLASSES, undefined, 'local-path')), 'local-path class created');
    const sc = client.peek(CLASSES, undefined, 'local-path')!;
    assert.equal((sc.parameters as Record<string, string>).path, '/data/local');
    assert.equal(sc.volumeBindingMode, 'WaitForFirstConsumer');
    assert.equal(client.peek(CLASSES, undefined, 'shared'), undefined, 'no shared class without a shared directory');

    await eventually(() => client.peek(CLAIMS, 'default', 'www')?.spec.storageClassName === 'local-path', 'default class assigned');
    await eventually(() => client.peek(CLAIMS, 'default', 'www')?.status?.phase === 'Pending', 'claim Pending');
    await eventually(() => events().some((e) => e.includes('WaitForFirstConsumer')), 'waiting event');
    assert.equal((await client.list(VOLUMES)).items.length, 0, 'nothing provisioned before a consumer');

    // What the scheduler does when it places the first consumer.
    await client.patch(CLAIMS, 'default', 'www', { type: 'merge', body: { metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'n1' } } } });
    await eventually(() => client.peek(CLAIMS, 'default', 'www')?.status?.phase === 'Bound', 'claim Bound');
    const bound = client.peek(CLAIMS, 'default', 'www')!;
    assert.equal(bound.spec.volumeName, 'pvc-u1');
    assert.deepEqual(bound.status.capacity, { storage: '1Gi' });
    await eventually(() => client.peek(VOLUMES, undefined, 'pvc-u1')?.status?.phase === 'Bound', 'volume Bound');
    const pv = client.peek(VOLUMES, undefined, 'pvc-u1')!;
    assert.equal(pv.spec.hostPath.path, '/data/local/pvc-u1_default_www');
    assert.deepEqual(pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, ['n1']);
    assert.ok(events().some((e) => e.includes('ProvisioningSucceeded')));

    await client.delete(CLAIMS, 'default', 'www');
    await eventually(() => Boolean(client.peek(VOLUMES, undefined, 'pvc-u1')?.metadata.deletionTimestamp), 'volume deleted');
    assert.deepEqual(client.peek(VOLUMES, undefined, 'pvc-u1')!.metadata.finalizers, ['tugboat.io/local-path-cleanup'], 'kept for the node agent');
  });

  it('a claim of an unknown class stays Pending with a warning', async (t) => {
    const { client, events } = await start(t, [aClaim({ name: 'odd', className: 'nope' })]);
    await eventually(() => events().includes('odd Warning ProvisioningFailed: storageclass.storage.k8s.io "nope" not found'), 'warning event');
    assert.equal(client.peek(CLAIMS, 'default', 'odd')!.status.phase, 'Pending');
  });

  it('shared: creates the directory at once and removes it with the volume', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'tug-shared-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    const { client } = await start(t, [aClaim({ name: 'sh', uid: 'u2', className: 'shared', modes: ['ReadWriteMany'] })], root);
    await eventually(() => client.peek(CLAIMS, 'default', 'sh')?.status?.phase === 'Bound', 'claim Bound');
    const path = client.peek(VOLUMES, undefined, 'pvc-u2')!.spec.hostPath.path;
    assert.equal(path, join(root, 'pvc-u2_default_sh'));
    assert.ok((await stat(path)).isDirectory());
    assert.equal(client.peek(VOLUMES, undefined, 'pvc-u2')!.spec.nodeAffinity, undefined);

    await client.delete(CLAIMS, 'default', 'sh');
    await eventually(() => client.peek(VOLUMES, undefined, 'pvc-u2') === undefined, 'volume gone');
    await assert.rejects(stat(path), { code: 'ENOENT' });
  });
});
