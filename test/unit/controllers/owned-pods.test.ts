import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/client/index.js';
import { Expectations } from '../../../src/controllers/runtime/expectations.js';
import { ownedPodHandlers } from '../../../src/controllers/runtime/owned-pods.js';
import { aPod, aReplicaSet } from './builders.js';

describe('owned pod handlers', () => {
  it('reports each create and each delete once, and re-queues the owner', () => {
    const expectations = new Expectations(new FakeClock(0));
    const queued: string[] = [];
    const orphans: string[] = [];
    const h = ownedPodHandlers({ ownerKind: 'ReplicaSet', expectations, enqueue: (k) => queued.push(k), onOrphan: (p) => orphans.push(p.metadata.name!) });
    const rs = aReplicaSet({ name: 'web-1' });
    expectations.expect('default/web-1', 1, 1);
    const pod = aPod({ owner: rs, name: 'a' });
    h.onAdd!(pod);
    assert.equal(expectations.satisfied('default/web-1'), false, 'the delete is still expected');
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    h.onUpdate!(pod, terminating);
    assert.equal(expectations.satisfied('default/web-1'), true);
    expectations.expect('default/web-1', 0, 1);
    h.onDelete!(terminating);
    assert.equal(expectations.satisfied('default/web-1'), false, 'the final DELETED of a terminating pod is not a second delete');
    assert.deepEqual(queued, ['default/web-1', 'default/web-1', 'default/web-1']);
    h.onAdd!(aPod({ name: 'stray' }));
    assert.deepEqual(orphans, ['stray']);
  });

  it('ignores pods of other kinds of owner', () => {
    const queued: string[] = [];
    const h = ownedPodHandlers({ ownerKind: 'StatefulSet', expectations: new Expectations(new FakeClock(0)), enqueue: (k) => queued.push(k) });
    h.onAdd!(aPod({ owner: aReplicaSet() }));
    assert.deepEqual(queued, []);
  });
});
