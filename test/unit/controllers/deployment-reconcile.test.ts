import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileDeployment, type DeploymentAction } from '../../../src/controllers/deployment/reconcile.js';
import { aDeployment, anOwnedRs, aPod, crashingPod, T0 } from './builders.js';

const NOW = T0 + 3_600_000;
const kinds = (actions: DeploymentAction[]) => actions.map((a) => a.type);

describe('Deployment reconcile', () => {
  it('creates revision 1 with the surge-limited size on the first pass', () => {
    const d = aDeployment({ replicas: 3 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [], pods: [], nowMs: NOW });
    assert.deepEqual(kinds(decision.actions), ['createReplicaSet']);
    const rs = (decision.actions[0] as { rs: any }).rs;
    assert.equal(rs.spec.replicas, 3);
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.match(rs.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs.spec.selector.matchLabels['pod-template-hash'], rs.metadata.labels['pod-template-hash']);
    assert.equal(rs.metadata.ownerReferences[0].uid, 'dep-uid');
    assert.equal(decision.status?.conditions.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetCreated');
  });

  it('starts a rolling update with one surge pod when the template changes', () => {
    const d = aDeployment({ replicas: 3, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old], pods: [], nowMs: NOW });
    const created = (decision.actions[0] as { rs: any }).rs;
    assert.equal(created.spec.replicas, 1);
    assert.equal(created.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  });

  it('scales the old ReplicaSet down once new pods are available', () => {
    const d = aDeployment({ replicas: 3, image: 'img:2', strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 1 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.deepEqual(decision.actions.map((a) => a.type === 'scaleReplicaSet' ? [a.rs.metadata.name, a.replicas] : a.type), [['web-h1', 2]]);
  });

  it('marks a finished rollout complete and its ReplicaSet a rollback target', () => {
    const d = aDeployment({ replicas: 2, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 0, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 2 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.deepEqual(kinds(decision.actions), ['annotateReplicaSet']);
    assert.equal(decision.status?.conditions.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');
    assert.equal(decision.status?.updatedReplicas, 2);
    assert.equal(decision.status?.availableReplicas, 2);
    assert.equal(decision.revision, '2');
  });

  it('rolls back automatically when new pods crash-loop', () => {
    const d = aDeployment({ replicas: 3, image: 'img:bad' });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const bad = anOwnedRs(d, { image: 'img:bad', revision: 2, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [good, bad], pods: [crashingPod(bad)], nowMs: NOW });
    assert.deepEqual(kinds(decision.actions), ['rollback']);
    const rollback = (decision.actions[0] as Extract<DeploymentAction, { type: 'rollback' }>).rollback;
    assert.equal((rollback.template as any).spec.containers[0].image, 'img:1');
    assert.equal((rollback.template as any).metadata.labels['pod-template-hash'], undefined);
    assert.equal(rollback.fromRevision, 2);
    assert.equal(rollback.toRevision, 1);
    assert.equal(decision.events[0].reason, 'RolledBack');
    assert.match(decision.events[0].message, /CrashLoopBackOff/);
  });

  it('trusts a finished rollout only after its pods stayed ready for the stability window', () => {
    const d = aDeployment({ replicas: 1, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 0, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1 });
    const pod = aPod({ owner: neu, readySinceMs: NOW - 4000 });
    const early = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [pod], nowMs: NOW });
    assert.deepEqual(kinds(early.actions), []);
    assert.equal(early.requeueAfterMs, 6000);
    const later = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [pod], nowMs: NOW + 6000 });
    assert.deepEqual(kinds(later.actions), ['annotateReplicaSet']);
  });

  it('rolls back a rollout whose pods crash right after it finished', () => {
    const d = aDeployment({ replicas: 1, image: 'img:bad' });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 0, complete: true });
    const bad = anOwnedRs(d, { image: 'img:bad', revision: 2, replicas: 1 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [good, bad], pods: [crashingPod(bad)], nowMs: NOW });
    assert.deepEqual(kinds(decision.actions), ['rollback']);
  });

  it('comes back when a running-but-unready new pod will cross the unready grace', () => {
    const d = aDeployment({ replicas: 1, image: 'img:2', annotations: { 'tugboat.io/rollback-unready-seconds': '5' } });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 1, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 0 });
    const pod = aPod({ owner: neu, ready: false });
    pod.status.startTime = new Date(NOW - 2000).toISOString();
    pod.status.containerStatuses = [{ name: 'c', restartCount: 0, state: { running: { startedAt: pod.status.startTime } } }];
    const early = reconcileDeployment({ deployment: d, replicaSets: [good, neu], pods: [pod], nowMs: NOW });
    assert.ok(!kinds(early.actions).includes('rollback'));
    assert.equal(early.requeueAfterMs, 3001);
    const late = reconcileDeployment({ deployment: d, replicaSets: [good, neu], pods: [pod], nowMs: NOW + 3001 });
    assert.deepEqual(kinds(late.actions), ['rollback']);
  });

  it('keeps the RolledBack condition while the template is the one the rollback wrote', () => {
    const bad = aDeployment({ replicas: 1, image: 'img:bad' });
    const good = anOwnedRs(bad, { image: 'img:1', revision: 1, replicas: 1, complete: true });
    const failed = anOwnedRs(bad, { image: 'img:bad', revision: 2, replicas: 1, available: 0 });
    const rollback = (reconcileDeployment({ deployment: bad, replicaSets: [good, failed], pods: [crashingPod(failed)], nowMs: NOW }).actions[0] as any).rollback;
    const after = aDeployment({ replicas: 1, image: 'img:1', annotations: rollback.annotations });
    after.metadata.generation = 7; // later controller writes bump generation; the condition must stay
    const kept = reconcileDeployment({ deployment: after, replicaSets: [good, failed], pods: [], nowMs: NOW });
    assert.equal(kept.status?.conditions.find((c) => c.type === 'RolledBack')?.status, 'True');
    const edited = aDeployment({ replicas: 1, image: 'img:3', annotations: rollback.annotations });
    const dropped = reconcileDeployment({ deployment: edited, replicaSets: [good, failed], pods: [], nowMs: NOW });
    assert.equal(dropped.status?.conditions.find((c) => c.type === 'RolledBack'), undefined);
  });

  it('rolls back when the progress deadline was exceeded', () => {
    const d = aDeployment({ replicas: 3, image: 'img:slow', status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: '', lastUpdateTime: '', lastTransitionTime: '' }] } });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const slow = anOwnedRs(d, { image: 'img:slow', revision: 2, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [good, slow], pods: [], nowMs: NOW });
    assert.deepEqual(kinds(decision.actions), ['rollback']);
  });

  it('does not roll back when the Deployment opts out', () => {
    const d = aDeployment({ replicas: 3, image: 'img:bad', annotations: { 'tugboat.io/auto-rollback': 'false' } });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const bad = anOwnedRs(d, { image: 'img:bad', revision: 2, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [good, bad], pods: [crashingPod(bad)], nowMs: NOW });
    assert.ok(!kinds(decision.actions).includes('rollback'));
  });

  it('does not roll back when no earlier revision ever completed', () => {
    const d = aDeployment({ replicas: 1, image: 'img:bad' });
    const bad = anOwnedRs(d, { image: 'img:bad', revision: 1, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [bad], pods: [crashingPod(bad)], nowMs: NOW });
    assert.ok(!kinds(decision.actions).includes('rollback'));
  });

  it('does not treat one early restart as a failed rollout', () => {
    const d = aDeployment({ replicas: 3, image: 'img:2' });
    const good = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [good, neu], pods: [crashingPod(neu, 1)], nowMs: NOW });
    assert.ok(!kinds(decision.actions).includes('rollback'));
  });

  it('gives an existing ReplicaSet the next revision when the template returns to it (undo)', () => {
    const d = aDeployment({ replicas: 2, image: 'img:1' });
    const first = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 0, complete: true });
    const second = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 2, complete: true });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [first, second], pods: [], nowMs: NOW });
    assert.deepEqual(decision.actions.map((a) => a.type === 'annotateReplicaSet' ? [a.rs.metadata.name, a.annotations['deployment.kubernetes.io/revision']] : a.type), [['web-h1', '3']]);
  });

  it('does nothing to ReplicaSets while paused', () => {
    const d = aDeployment({ replicas: 3, image: 'img:2', paused: true });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 3, complete: true });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old], pods: [], nowMs: NOW });
    assert.deepEqual(decision.actions, []);
    assert.equal(decision.status?.conditions.find((c) => c.type === 'Progressing')?.reason, 'DeploymentPaused');
  });

  it('deletes idle ReplicaSets beyond revisionHistoryLimit, oldest first', () => {
    const d = aDeployment({ replicas: 1, image: 'img:9' });
    d.spec.revisionHistoryLimit = 2;
    const olds = [1, 2, 3, 4].map((r) => anOwnedRs(d, { image: `img:${r}`, revision: r, replicas: 0, complete: true }));
    const neu = anOwnedRs(d, { image: 'img:9', revision: 5, replicas: 1, complete: true });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [...olds, neu], pods: [], nowMs: NOW });
    assert.deepEqual(decision.actions.filter((a) => a.type === 'deleteReplicaSet').map((a) => (a as any).rs.metadata.name), ['web-h1', 'web-h2']);
  });

  it('Recreate scales old to zero before starting new pods', () => {
    const d = aDeployment({ replicas: 2, image: 'img:2', strategy: { type: 'Recreate' } });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 2, complete: true });
    const first = reconcileDeployment({ deployment: d, replicaSets: [old], pods: [], nowMs: NOW });
    assert.equal((first.actions[0] as any).rs.spec.replicas, 0, 'new RS created empty');
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 0 });
    const second = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.deepEqual(second.actions.map((a) => a.type === 'scaleReplicaSet' ? [a.rs.metadata.name, a.replicas] : a.type), [['web-h1', 0]]);
  });

  it('flags ProgressDeadlineExceeded once no progress was made for progressDeadlineSeconds', () => {
    const stale = new Date(NOW - 31_000).toISOString();
    const d = aDeployment({ replicas: 2, image: 'img:2', progressDeadlineSeconds: 30, annotations: { 'tugboat.io/auto-rollback': 'false' },
      status: { updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'x', lastUpdateTime: stale, lastTransitionTime: stale }] } });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 2, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 0 });
    neu.status.replicas = 1;
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.equal(decision.status?.conditions.find((c) => c.type === 'Progressing')?.reason, 'ProgressDeadlineExceeded');
  });
});
