import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileReplicaSet } from '../../../src/controllers/replicaset/reconcile.js';
import { aPod, aReplicaSet, T0 } from './builders.js';

const decide = (rs = aReplicaSet(), pods = [] as ReturnType<typeof aPod>[], extra: { nowMs?: number; expectationsSatisfied?: boolean } = {}) =>
  reconcileReplicaSet({ replicaSet: rs, pods, nowMs: extra.nowMs ?? T0 + 60_000, expectationsSatisfied: extra.expectationsSatisfied ?? true });

describe('ReplicaSet reconcile', () => {
  it('creates the missing replicas', () => {
    const rs = aReplicaSet({ replicas: 3 });
    const d = decide(rs, [aPod({ owner: rs })]);
    assert.equal(d.createCount, 2);
    assert.deepEqual(d.remove, []);
    assert.equal(d.status.replicas, 1);
  });

  it('does nothing while earlier creates are unobserved', () => {
    const rs = aReplicaSet({ replicas: 3 });
    const d = decide(rs, [], { expectationsSatisfied: false });
    assert.equal(d.createCount, 0);
    assert.equal(d.status.replicas, 0);
  });

  it('does not count terminating or finished pods as replicas', () => {
    const rs = aReplicaSet({ replicas: 2 });
    const d = decide(rs, [aPod({ owner: rs, deleting: true }), aPod({ owner: rs, phase: 'Failed' }), aPod({ owner: rs })]);
    assert.equal(d.createCount, 1);
    assert.equal(d.status.replicas, 1);
  });

  it('adopts matching orphans and releases owned pods that no longer match', () => {
    const rs = aReplicaSet({ replicas: 2 });
    const orphan = aPod();
    const other = aPod({ labels: { app: 'other' } });
    const strayed = aPod({ owner: rs, labels: { app: 'moved' } });
    const d = decide(rs, [orphan, other, strayed]);
    assert.deepEqual(d.adopt.map((p) => p.metadata.name), [orphan.metadata.name]);
    assert.deepEqual(d.release.map((p) => p.metadata.name), [strayed.metadata.name]);
    assert.equal(d.createCount, 1);
  });

  it('never adopts pods owned by another controller', () => {
    const rs = aReplicaSet({ replicas: 1 });
    const foreign = aPod({ owner: aReplicaSet({ name: 'other', uid: 'x' }) });
    const d = decide(rs, [foreign]);
    assert.equal(d.adopt.length, 0);
    assert.equal(d.createCount, 1);
  });

  it('scales down not-ready pods first, then the crowded host, then the youngest', () => {
    const rs = aReplicaSet({ replicas: 2 });
    const notReady = aPod({ owner: rs, node: 'h1', ready: false, name: 'not-ready' });
    const crowdedOld = aPod({ owner: rs, node: 'h2', createdMs: T0, name: 'crowded-old' });
    const crowdedYoung = aPod({ owner: rs, node: 'h2', createdMs: T0 + 1000, name: 'crowded-young' });
    const alone = aPod({ owner: rs, node: 'h3', name: 'alone' });
    const d = decide(rs, [alone, crowdedOld, notReady, crowdedYoung]);
    assert.deepEqual(d.remove.map((p) => p.metadata.name), ['not-ready', 'crowded-young']);
  });

  it('counts a pod available only after minReadySeconds and asks to come back then', () => {
    const rs = aReplicaSet({ replicas: 1, minReadySeconds: 10 });
    const pod = aPod({ owner: rs, readySinceMs: T0 });
    const early = decide(rs, [pod], { nowMs: T0 + 4000 });
    assert.equal(early.status.readyReplicas, 1);
    assert.equal(early.status.availableReplicas, 0);
    assert.equal(early.requeueAfterMs, 6000);
    const later = decide(rs, [pod], { nowMs: T0 + 10_000 });
    assert.equal(later.status.availableReplicas, 1);
  });

  it('reports observedGeneration and fully labeled replicas', () => {
    const rs = aReplicaSet({ replicas: 1, generation: 4 });
    rs.spec.template.metadata.labels = { app: 'web', tier: 'front' };
    const d = decide(rs, [aPod({ owner: rs })]);
    assert.equal(d.status.observedGeneration, 4);
    assert.equal(d.status.fullyLabeledReplicas, 0);
  });

  it('leaves a deleting ReplicaSet to the garbage collector', () => {
    const rs = aReplicaSet({ replicas: 3 });
    rs.metadata.deletionTimestamp = new Date(T0).toISOString();
    const d = decide(rs, [aPod()]);
    assert.equal(d.createCount, 0);
    assert.equal(d.adopt.length, 0);
  });
});
