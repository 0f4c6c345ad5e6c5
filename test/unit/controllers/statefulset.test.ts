import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { templateHash } from '../../../src/controllers/deployment/hash.js';
import { reconcileStatefulSet, type StatefulSetDecision } from '../../../src/controllers/statefulset/reconcile.js';
import { REVISION_LABEL } from '../../../src/controllers/statefulset/pod-template.js';
import { T0 } from './builders.js';
import { aStatefulPod, aStatefulSet } from './statefulset-builders.js';

const decide = (sts: KubeObject, pods: KubeObject[], claims: KubeObject[] = []) =>
  reconcileStatefulSet({ statefulSet: sts, pods, claims, nowMs: T0, expectationsSatisfied: true });
const created = (d: StatefulSetDecision) => d.createPods.map((p) => p.metadata.name);
const removed = (d: StatefulSetDecision) => d.remove.map((r) => `${r.pod.metadata.name}:${r.reason}`);

describe('statefulset decision: ordering', () => {
  const sts = aStatefulSet();
  const cases: Array<{ name: string; pods: (s: KubeObject) => KubeObject[]; create: string[]; remove: string[]; policy?: string }> = [
    { name: 'empty set creates ordinal 0 only', pods: () => [], create: ['db-0'], remove: [] },
    { name: 'creates 1 once 0 is running and ready', pods: (s) => [aStatefulPod(s, 0)], create: ['db-1'], remove: [] },
    { name: 'waits while 0 is not ready', pods: (s) => [aStatefulPod(s, 0, { ready: false })], create: [], remove: [] },
    { name: 'waits while 0 is pending', pods: (s) => [aStatefulPod(s, 0, { phase: 'Pending', ready: false })], create: [], remove: [] },
    { name: 'recreates a missing lower ordinal first', pods: (s) => [aStatefulPod(s, 1), aStatefulPod(s, 2)], create: ['db-0'], remove: [] },
    { name: 'deletes a failed pod, to recreate it under the same name', pods: (s) => [aStatefulPod(s, 0), aStatefulPod(s, 1, { phase: 'Failed', ready: false })], create: [], remove: ['db-1:Failed'] },
    { name: 'never recreates a name that still exists (terminating)', pods: (s) => [aStatefulPod(s, 0), aStatefulPod(s, 1, { deleting: true })], create: [], remove: [] },
    { name: 'Parallel creates every missing ordinal at once', policy: 'Parallel', pods: (s) => [aStatefulPod(s, 1, { ready: false })], create: ['db-0', 'db-2'], remove: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = c.policy ? aStatefulSet({ policy: c.policy }) : sts;
      const d = decide(s, c.pods(s));
      assert.deepEqual(created(d), c.create);
      assert.deepEqual(removed(d), c.remove);
    });
  }

  it('builds the pod with a stable identity, owner and the at-most-once annotation', () => {
    const [pod] = decide(sts, []).createPods;
    assert.equal(pod.metadata.name, 'db-0');
    assert.equal(pod.metadata.generateName, undefined);
    assert.equal(pod.metadata.labels!['statefulset.kubernetes.io/pod-name'], 'db-0');
    assert.equal(pod.metadata.labels!['apps.kubernetes.io/pod-index'], '0');
    assert.equal(pod.metadata.labels!.app, 'db');
    assert.equal(pod.metadata.labels![REVISION_LABEL], templateHash(sts.spec.template));
    assert.equal(pod.metadata.annotations!['tugboat.io/at-most-once'], 'true');
    assert.equal(pod.spec.hostname, 'db-0');
    assert.equal(pod.spec.subdomain, 'db-headless');
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'sts-uid', controller: true, blockOwnerDeletion: true }]);
  });

  it('waits while expectations are unsatisfied, but still reports status', () => {
    const d = reconcileStatefulSet({ statefulSet: sts, pods: [aStatefulPod(sts, 0)], claims: [], nowMs: T0, expectationsSatisfied: false });
    assert.deepEqual(created(d), []);
    assert.equal(d.status.replicas, 1);
  });
});

describe('statefulset decision: scale down', () => {
  it('removes the highest ordinal first, one at a time', () => {
    const s = aStatefulSet({ replicas: 1 });
    assert.deepEqual(removed(decide(s, [0, 1, 2].map((i) => aStatefulPod(s, i)))), ['db-2:ScaleDown']);
  });
  it('waits for the previous one to be gone', () => {
    const s = aStatefulSet({ replicas: 1 });
    assert.deepEqual(removed(decide(s, [aStatefulPod(s, 0), aStatefulPod(s, 1), aStatefulPod(s, 2, { deleting: true })])), []);
  });
  it('waits while a remaining pod is unhealthy', () => {
    const s = aStatefulSet({ replicas: 1 });
    assert.deepEqual(removed(decide(s, [aStatefulPod(s, 0, { ready: false }), aStatefulPod(s, 1)])), []);
  });
  it('Parallel removes every condemned pod at once', () => {
    const s = aStatefulSet({ replicas: 1, policy: 'Parallel' });
    assert.deepEqual(removed(decide(s, [0, 1, 2].map((i) => aStatefulPod(s, i)))), ['db-2:ScaleDown', 'db-1:ScaleDown']);
  });
});

describe('statefulset decision: volume claims', () => {
  it('creates the missing claim of the ordinal it creates and mounts it', () => {
    const s = aStatefulSet({ claims: true, policy: 'Parallel', replicas: 2 });
    const existing = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db-0', namespace: 'default' } };
    const d = decide(s, [], [existing]);
    assert.deepEqual(d.createClaims.map((c) => c.metadata.name), ['data-db-1']);
    assert.deepEqual(d.createClaims[0].spec.resources, { requests: { storage: '1Gi' } });
    assert.deepEqual(d.createPods[0].spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }]);
    assert.deepEqual(d.createPods[1].spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);
  });
  it('keeps claims on scale down', () => {
    const s = aStatefulSet({ claims: true, replicas: 1 });
    const d = decide(s, [aStatefulPod(s, 0), aStatefulPod(s, 1)]);
    assert.deepEqual(removed(d), ['db-1:ScaleDown']);
    assert.deepEqual(d.createClaims, []);
  });
});

describe('statefulset decision: rolling update', () => {
  const old = aStatefulSet({ image: 'img:1' });
  const oldRev = templateHash(old.spec.template);
  const oldPods = (s: KubeObject) => [0, 1, 2].map((i) => aStatefulPod(s, i, { revision: oldRev }));

  it('replaces the highest outdated ordinal first, when all are ready', () => {
    const s = aStatefulSet({ image: 'img:2', status: { currentRevision: oldRev } });
    const d = decide(s, oldPods(s));
    assert.deepEqual(removed(d), ['db-2:Update']);
    assert.equal(d.status.currentRevision, oldRev);
    assert.equal(d.status.currentReplicas, 3);
    assert.equal(d.status.updatedReplicas, 0);
    assert.notEqual(d.status.updateRevision, oldRev);
  });
  it('waits while any pod is not ready', () => {
    const s = aStatefulSet({ image: 'img:2' });
    const pods = oldPods(s);
    pods[0] = aStatefulPod(s, 0, { revision: oldRev, ready: false });
    assert.deepEqual(removed(decide(s, pods)), []);
  });
  it('recreates a replaced ordinal with the new revision', () => {
    const s = aStatefulSet({ image: 'img:2' });
    const d = decide(s, oldPods(s).slice(0, 2));
    assert.deepEqual(created(d), ['db-2']);
    assert.equal(d.createPods[0].spec.containers[0].image, 'img:2');
    assert.deepEqual(removed(d), []);
  });
  it('continues downward and respects the partition', () => {
    const s = aStatefulSet({ image: 'img:2', partition: 1 });
    const pods = [aStatefulPod(s, 0, { revision: oldRev }), aStatefulPod(s, 1, { revision: oldRev }), aStatefulPod(s, 2)];
    assert.deepEqual(removed(decide(s, pods)), ['db-1:Update']);
    pods[1] = aStatefulPod(s, 1);
    assert.deepEqual(removed(decide(s, pods)), [], 'ordinal 0 is below the partition');
  });
  it('promotes the current revision once every pod is updated and ready', () => {
    const s = aStatefulSet({ image: 'img:2', status: { currentRevision: oldRev } });
    const d = decide(s, [0, 1, 2].map((i) => aStatefulPod(s, i)));
    assert.equal(d.status.currentRevision, d.status.updateRevision);
    assert.deepEqual([d.status.replicas, d.status.readyReplicas, d.status.currentReplicas, d.status.updatedReplicas, d.status.availableReplicas, d.status.observedGeneration], [3, 3, 3, 3, 3, 2]);
  });
});
