import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimsFor, reconcileStatefulSet, statefulPodFor } from '../../../src/controllers/statefulset/index.js';
import { T0 } from './builders.js';
import { aStatefulPod, aStatefulSet } from './statefulset-builders.js';

function withTemplateLabels() {
  const sts = aStatefulSet({ replicas: 2, claims: true });
  sts.spec.volumeClaimTemplates[0].metadata.labels = { tier: 'storage' };
  return sts;
}

describe('StatefulSet volumeClaimTemplates', () => {
  it('one claim per ordinal, <template>-<set>-<ordinal>, labelled from the template and the selector, owned by nobody', () => {
    const [claim] = claimsFor(withTemplateLabels(), 1);
    assert.equal(claim.metadata.name, 'data-db-1');
    assert.deepEqual(claim.metadata.labels, { tier: 'storage', app: 'db' });
    assert.equal(claim.metadata.ownerReferences, undefined, 'kept when the set goes (Retain)');
    assert.deepEqual(claim.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  });

  it('the pod mounts its claim in place of a template volume of the same name', () => {
    const pod = statefulPodFor(withTemplateLabels(), 0, 'rev');
    assert.deepEqual(pod.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }]);
  });

  it('a pod that comes back reuses its existing claim', () => {
    const sts = withTemplateLabels();
    const claims = [claimsFor(sts, 0)[0], claimsFor(sts, 1)[0]];
    const decision = reconcileStatefulSet({ statefulSet: sts, pods: [aStatefulPod(sts, 0)], claims, nowMs: T0, expectationsSatisfied: true });
    assert.deepEqual(decision.createPods.map((p) => p.metadata.name), ['db-1']);
    assert.deepEqual(decision.createClaims, [], 'no new claim for a returning ordinal');
  });

  it('scaling down removes pods, never claims', () => {
    const sts = withTemplateLabels();
    sts.spec.replicas = 0;
    const claims = [claimsFor(sts, 0)[0], claimsFor(sts, 1)[0]];
    const decision = reconcileStatefulSet({ statefulSet: sts, pods: [aStatefulPod(sts, 0), aStatefulPod(sts, 1)], claims, nowMs: T0, expectationsSatisfied: true });
    assert.deepEqual(decision.remove.map((r) => r.pod.metadata.name), ['db-1']);
    assert.ok(!('deleteClaims' in decision));
  });
});
