import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideGc, type OwnerState } from '../../../src/controllers/gc/decide.js';
import { anObject, ownerRef } from './gc-and-workload-builders.js';

const rs = anObject('ReplicaSet', { name: 'web-1' });
const other = anObject('ReplicaSet', { name: 'web-2' });

function podOwnedBy(...owners: Array<{ owner: typeof rs; block?: boolean }>) {
  return anObject('Pod', { owners: owners.map((o, i) => ownerRef(o.owner, { controller: i === 0, block: o.block })) });
}

describe('garbage collector decision', () => {
  const cases: Array<{ name: string; states: OwnerState[]; hasDependents?: boolean; want: unknown[] }> = [
    { name: 'keeps a dependent whose owner is alive', states: ['live'], want: [] },
    { name: 'deletes in the background a dependent whose only owner is gone', states: ['absent'], want: [{ type: 'delete', propagation: 'Background' }] },
    { name: 'deletes a leaf dependent of a foreground owner in the background', states: ['waiting'], want: [{ type: 'delete', propagation: 'Background' }] },
    { name: 'deletes a dependent that owns things in the foreground when its owner waits', states: ['waiting'], hasDependents: true, want: [{ type: 'delete', propagation: 'Foreground' }] },
    { name: 'deletes in the background when the owner is simply gone, even with dependents', states: ['absent'], hasDependents: true, want: [{ type: 'delete', propagation: 'Background' }] },
    { name: 'only drops the dead reference when another owner lives', states: ['absent', 'live'], want: [{ type: 'removeOwnerRefs', uids: ['uid-web-1'] }] },
    { name: 'drops the reference to a foreground owner when another owner lives', states: ['live', 'waiting'], want: [{ type: 'removeOwnerRefs', uids: ['uid-web-2'] }] },
    { name: 'deletes when every owner is gone or waiting', states: ['absent', 'waiting'], want: [{ type: 'delete', propagation: 'Background' }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const pod = podOwnedBy(...c.states.map((_, i) => ({ owner: i === 0 ? rs : other })));
      const owners = c.states.map((state, i) => ({ ref: pod.metadata.ownerReferences![i], state }));
      const dependents = c.hasDependents ? [anObject('ConfigMap', { owners: [ownerRef(pod)] })] : [];
      assert.deepEqual(decideGc({ object: pod, owners, dependents }), c.want);
    });
  }

  it('leaves an object that is already being deleted alone', () => {
    const pod = podOwnedBy({ owner: rs });
    pod.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    assert.deepEqual(decideGc({ object: pod, owners: [{ ref: pod.metadata.ownerReferences![0], state: 'absent' }], dependents: [] }), []);
  });

  it('keeps a foreground owner while a dependent blocks it', () => {
    const owner = anObject('ReplicaSet', { name: 'fg', deleting: true, finalizers: ['foregroundDeletion'] });
    const blocking = anObject('Pod', { owners: [ownerRef(owner, { block: true })] });
    assert.deepEqual(decideGc({ object: owner, owners: [], dependents: [blocking] }), []);
  });

  it('releases a foreground owner when only non-blocking dependents remain', () => {
    const owner = anObject('ReplicaSet', { name: 'fg', deleting: true, finalizers: ['foregroundDeletion'] });
    const loose = anObject('Pod', { owners: [ownerRef(owner)] });
    assert.deepEqual(decideGc({ object: owner, owners: [], dependents: [loose] }), [{ type: 'removeFinalizer', finalizer: 'foregroundDeletion' }]);
  });

  it('orphans every dependent, then removes the orphan finalizer', () => {
    const owner = anObject('ReplicaSet', { name: 'or', deleting: true, finalizers: ['orphan'] });
    const a = anObject('Pod', { owners: [ownerRef(owner, { block: true })] });
    const b = anObject('Pod', { owners: [ownerRef(owner)] });
    const actions = decideGc({ object: owner, owners: [], dependents: [a, b] });
    assert.deepEqual(actions.map((x) => x.type), ['orphan', 'orphan', 'removeFinalizer']);
    assert.deepEqual(actions.at(-1), { type: 'removeFinalizer', finalizer: 'orphan' });
  });

  it('does nothing for an object being deleted with only foreign finalizers', () => {
    const owner = anObject('ReplicaSet', { name: 'x', deleting: true, finalizers: ['example.com/keep'] });
    assert.deepEqual(decideGc({ object: owner, owners: [], dependents: [anObject('Pod', { owners: [ownerRef(owner, { block: true })] })] }), []);
  });
});
