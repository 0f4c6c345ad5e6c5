/**
 * The termination gate's premise for a single replica: a rolling update surges first, so the
 * old pod is deleted (and only then gated and stopped) once the new one is available. With
 * the default 25 %/25 %, maxSurge rounds up to 1 and maxUnavailable down to 0.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { reconcileDeployment, type DeploymentAction } from '../../../src/controllers/deployment/reconcile.js';
import { resolveFenceposts } from '../../../src/controllers/deployment/arithmetic.js';
import { aDeployment, anOwnedRs, T0 } from '../controllers/builders.js';

const NOW = T0 + 3_600_000;
const scalings = (actions: DeploymentAction[]) => actions.flatMap((a) => (a.type === 'scaleReplicaSet' ? [[a.rs.metadata.name, a.replicas]] : []));

void describe('1-replica rolling update surges first', () => {
  void it('resolves the default 25 %/25 % to surge 1, unavailable 0', () => {
    assert.deepEqual(resolveFenceposts(undefined, undefined, 1), { maxSurge: 1, maxUnavailable: 0 });
  });

  void it('creates the new pod next to the old one', () => {
    const d = aDeployment({ replicas: 1, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 1, complete: true });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old], pods: [], nowMs: NOW });
    const created = decision.actions.find((a) => a.type === 'createReplicaSet') as { rs: { spec: { replicas: number } } } | undefined;
    assert.equal(created?.rs.spec.replicas, 1);
    assert.deepEqual(scalings(decision.actions), []);
  });

  void it('keeps the old pod while the new one is not available', () => {
    const d = aDeployment({ replicas: 1, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 1, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 0 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.deepEqual(scalings(decision.actions), []);
  });

  void it('scales the old ReplicaSet to 0 once the new pod is available', () => {
    const d = aDeployment({ replicas: 1, image: 'img:2' });
    const old = anOwnedRs(d, { image: 'img:1', revision: 1, replicas: 1, complete: true });
    const neu = anOwnedRs(d, { image: 'img:2', revision: 2, replicas: 1, available: 1 });
    const decision = reconcileDeployment({ deployment: d, replicaSets: [old, neu], pods: [], nowMs: NOW });
    assert.deepEqual(scalings(decision.actions), [[old.metadata.name, 0]]);
  });
});
