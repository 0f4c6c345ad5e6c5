import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolumeDirectory, decideVolume, insideRoot, removeVolumeDirectory } from '../../../src/controllers/volume/index.js';
import { decideReclaim, volumeNode, withoutCleanupFinalizer } from '../../../src/agent/storage/index.js';
import { aClaim, aVolume } from './volume-builders.js';

const REF = { namespace: 'default', name: 'data', uid: 'uid-data' };

describe('volume phases and reclaim', () => {
  it('a free volume is Available; a bound one Bound', () => {
    assert.deepEqual(decideVolume({ volume: aVolume('pv', { phase: 'Pending' }), claim: undefined }), [{ kind: 'volumeStatus', phase: 'Available' }]);
    const claim = aClaim({ volumeName: 'pv' });
    assert.deepEqual(decideVolume({ volume: aVolume('pv', { claimRef: REF }), claim }), [{ kind: 'volumeStatus', phase: 'Bound' }]);
    assert.deepEqual(decideVolume({ volume: aVolume('pv', { claimRef: REF, phase: 'Bound' }), claim }), []);
  });

  it('a volume pre-bound by name waits for its claim, Available', () => {
    assert.deepEqual(decideVolume({ volume: aVolume('pv', { claimRef: { namespace: 'default', name: 'later' } }), claim: undefined }), []);
  });

  it('Retain: the claim gone, the volume is Released and kept', () => {
    const volume = aVolume('pv', { claimRef: REF, phase: 'Bound', policy: 'Retain' });
    assert.deepEqual(decideVolume({ volume, claim: undefined }), [{ kind: 'volumeStatus', phase: 'Released' }]);
    // A new claim with the same name is another claim.
    assert.deepEqual(decideVolume({ volume, claim: aClaim({ uid: 'new' }) }), [{ kind: 'volumeStatus', phase: 'Released' }]);
  });

  it('Delete, local-path: released then deleted (the finalizer waits for the agent)', () => {
    const volume = aVolume('pv', { claimRef: REF, phase: 'Bound', policy: 'Delete', provisioner: 'tugboat.io/local-path' });
    assert.deepEqual(decideVolume({ volume, claim: undefined }), [{ kind: 'volumeStatus', phase: 'Released' }, { kind: 'delete' }]);
  });

  it('Delete, shared: the controller removes the directory, then the object', () => {
    const volume = aVolume('pv', { claimRef: REF, phase: 'Released', policy: 'Delete', provisioner: 'tugboat.io/shared', path: '/mnt/shared/pv_default_data' });
    assert.deepEqual(decideVolume({ volume, claim: undefined }), [{ kind: 'removeSharedDirectory', path: '/mnt/shared/pv_default_data' }, { kind: 'delete' }]);
  });

  it('Delete on a hand-made volume: Failed, nothing removed', () => {
    const actions = decideVolume({ volume: aVolume('pv', { claimRef: REF, phase: 'Bound', policy: 'Delete' }), claim: undefined });
    assert.equal(actions[0].kind, 'volumeStatus');
    assert.equal((actions[0] as { phase: string }).phase, 'Failed');
    assert.ok(!actions.some((a) => a.kind === 'delete'));
  });

  it('a volume being deleted is left to its finalizers', () => {
    assert.deepEqual(decideVolume({ volume: aVolume('pv', { claimRef: REF, policy: 'Delete', deleting: true }), claim: undefined }), []);
  });
});

describe('agent-side local-path reclaim', () => {
  const local = (opts: { node?: string; path?: string; deleting?: boolean; finalizers?: string[] } = {}) => aVolume('pvc-1', {
    node: opts.node ?? 'n1', path: opts.path ?? '/var/lib/tugboat/storage/pvc-1_default_data', deleting: opts.deleting ?? true,
    finalizers: opts.finalizers ?? ['tugboat.io/local-path-cleanup', 'other'], policy: 'Delete',
  });

  it('only the agent of the volume node removes its directory, once the volume is being deleted', () => {
    assert.equal(volumeNode(local()), 'n1');
    assert.deepEqual(decideReclaim(local(), 'n1'), { kind: 'remove', path: '/var/lib/tugboat/storage/pvc-1_default_data' });
    assert.deepEqual(decideReclaim(local(), 'n2'), { kind: 'none' });
    assert.deepEqual(decideReclaim(local({ deleting: false }), 'n1'), { kind: 'none' });
    assert.deepEqual(decideReclaim(local({ finalizers: ['other'] }), 'n1'), { kind: 'none' });
    assert.deepEqual(withoutCleanupFinalizer(local()), ['other']);
  });

  it('never removes a path the provisioner did not make', () => {
    for (const path of ['/', '/etc', '/pvc-1_default_data', '/var/lib/tugboat/storage/other_default_data', '/srv/pvc-1_x/../../etc', 'relative/pvc-1_a']) {
      assert.equal(decideReclaim(local({ path }), 'n1').kind, 'release', path);
    }
  });

  it('directory helpers stay strictly inside their root', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'tug-volume-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    assert.equal(insideRoot(root, root), false);
    assert.equal(insideRoot(root, join(root, '..', 'x')), false);
    assert.equal(insideRoot(root, '/etc'), false);
    const dir = join(root, 'pv_default_data');
    await createVolumeDirectory(root, dir);
    assert.equal((await stat(dir)).mode & 0o777, 0o777, 'writable by any container user');
    await writeFile(join(dir, 'f'), 'x');
    await mkdir(join(dir, 'sub'));
    await removeVolumeDirectory(root, dir);
    await assert.rejects(stat(dir), { code: 'ENOENT' });
    await assert.rejects(removeVolumeDirectory(root, root), /refusing/);
  });
});
