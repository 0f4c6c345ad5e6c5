import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assessNode, reconcileNode } from '../../../src/controllers/nodelifecycle/reconcile.js';
import { NODE_LIFECYCLE_DEFAULTS } from '../../../src/controllers/nodelifecycle/defaults.js';
import type { Taint } from '../../../src/controllers/nodelifecycle/taints.js';
import { aNode, aPodOn, aSnapshot, T0, unreachableTaints } from './nodelifecycle-builders.js';

const GRACE = NODE_LIFECYCLE_DEFAULTS.heartbeatGraceMs;
const iso = (ms: number) => new Date(ms).toISOString();
const statusOf = (conditions: Array<{ type: string; status: string }> | undefined, type: string) => conditions?.find((c) => c.type === type)?.status;
const keys = (taints: Taint[] | undefined) => taints?.map((t) => `${t.key}:${t.effect}`).sort();

describe('node health: the grace boundary', () => {
  const cases: Array<[string, number, string, boolean]> = [
    ['renewed just now', 0, 'Ready', false],
    ['silent for exactly the grace', GRACE, 'Ready', false],
    ['silent 1 ms longer than the grace', GRACE + 1, 'Unreachable', true],
    ['silent for a minute', 60_000, 'Unreachable', true],
  ];
  for (const [name, silentMs, health, expired] of cases) {
    it(name, () => {
      const a = assessNode(aNode('h1'), T0, T0 + silentMs, GRACE);
      assert.equal(a.health, health);
      assert.equal(a.leaseExpired, expired);
    });
  }

  it('comes back 1 ms after the grace would be exceeded', () => {
    assert.equal(assessNode(aNode('h1'), T0, T0 + 1_000, GRACE).msUntilExpiry, GRACE - 1_000 + 1);
    assert.equal(assessNode(aNode('h1'), T0, T0 + GRACE, GRACE).msUntilExpiry, 1);
  });

  it('reads a fresh Lease with Ready=False as NotReady and without a Ready condition as Registering', () => {
    assert.equal(assessNode(aNode('h1', { ready: 'False' }), T0, T0, GRACE).health, 'NotReady');
    assert.equal(assessNode(aNode('h1', { ready: undefined }), T0, T0, GRACE).health, 'Registering');
    assert.equal(assessNode(aNode('h1', { ready: 'Unknown' }), T0, T0, GRACE).health, 'Unreachable');
  });
});

describe('reconcileNode: a heartbeat blip shorter than the grace', () => {
  it('changes nothing and looks again when the Lease would expire', () => {
    const pod = aPodOn('h1');
    const d = reconcileNode(aSnapshot({ node: aNode('h1'), pods: [pod], lastHeartbeatMs: T0, nowMs: T0 + 3_900 }));
    assert.equal(d.conditions, undefined);
    assert.equal(d.taints, undefined);
    assert.deepEqual(d.markNotReady, []);
    assert.deepEqual(d.evict, []);
    assert.equal(d.requeueAfterMs, 101);
  });
});

describe('reconcileNode: an unreachable node', () => {
  const nowMs = T0 + GRACE + 1;
  const pod = aPodOn('h1', { name: 'web-1' });
  const d = reconcileNode(aSnapshot({ node: aNode('h1'), pods: [pod], lastHeartbeatMs: T0, nowMs }));

  it('turns Ready and the pressure conditions Unknown, keeping the agent\'s last heartbeat time', () => {
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      const c = d.conditions?.find((x) => x.type === type);
      assert.equal(c?.status, 'Unknown', type);
      assert.equal(c?.reason, 'NodeStatusUnknown');
      assert.equal(c?.message, 'Tugboat agent stopped posting node status.');
      assert.equal(c?.lastTransitionTime, iso(nowMs));
      assert.equal(c?.lastHeartbeatTime, iso(T0));
    }
  });

  it('taints it unreachable NoSchedule and NoExecute, timing only the NoExecute one', () => {
    assert.deepEqual(keys(d.taints), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.equal(d.taints?.find((t) => t.effect === 'NoExecute')?.timeAdded, iso(nowMs));
    assert.equal(d.taints?.find((t) => t.effect === 'NoSchedule')?.timeAdded, undefined);
  });

  it('marks its pods not ready at once (Ready and ContainersReady False)', () => {
    assert.equal(d.markNotReady.length, 1);
    assert.equal(d.markNotReady[0].pod.metadata.name, 'web-1');
    assert.equal(statusOf(d.markNotReady[0].conditions, 'Ready'), 'False');
    assert.equal(statusOf(d.markNotReady[0].conditions, 'ContainersReady'), 'False');
    assert.equal(statusOf(d.markNotReady[0].conditions, 'PodScheduled'), 'True');
  });

  it('evicts nobody yet and comes back when the default toleration (2 s) runs out', () => {
    assert.deepEqual(d.evict, []);
    assert.equal(d.requeueAfterMs, 2_000);
  });

  it('does not rewrite what is already Unknown, tainted and not ready', () => {
    const node = aNode('h1', { ready: 'Unknown', taints: unreachableTaints(nowMs) });
    node.status.conditions = d.conditions;
    const again = reconcileNode(aSnapshot({ node, pods: [{ ...pod, status: { ...pod.status, conditions: d.markNotReady[0].conditions } }], lastHeartbeatMs: T0, nowMs: nowMs + 500 }));
    assert.equal(again.conditions, undefined);
    assert.equal(again.taints, undefined);
    assert.deepEqual(again.markNotReady, []);
    assert.equal(again.requeueAfterMs, 1_500);
  });

  it('keeps taints that are not its own', () => {
    const custom: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    const again = reconcileNode(aSnapshot({ node: aNode('h1', { taints: [custom] }), lastHeartbeatMs: T0, nowMs }));
    assert.deepEqual(again.taints?.[0], custom);
    assert.equal(again.taints?.length, 3);
  });
});

describe('reconcileNode: eviction timing', () => {
  const taintedAt = T0 + GRACE + 1;
  const node = () => aNode('h1', { ready: 'Unknown', taints: unreachableTaints(taintedAt) });
  const evictedAt = (pod: ReturnType<typeof aPodOn>, afterMs: number) =>
    reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: T0, nowMs: taintedAt + afterMs }));

  it('evicts a pod without a toleration 2 s after the taint, force-deleting it', () => {
    const pod = aPodOn('h1');
    assert.deepEqual(evictedAt(pod, 1_999).evict, []);
    assert.equal(evictedAt(pod, 1_999).requeueAfterMs, 1);
    const d = evictedAt(pod, 2_000);
    assert.equal(d.evict.length, 1);
    assert.equal(d.evict[0].force, true);
    assert.equal(d.evict[0].tolerance.source, 'default');
    assert.equal(d.evict[0].taint.key, 'node.kubernetes.io/unreachable');
  });

  it('honours the pod\'s own tolerationSeconds', () => {
    const pod = aPodOn('h1', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] });
    assert.deepEqual(evictedAt(pod, 9_999).evict, []);
    assert.equal(evictedAt(pod, 9_999).requeueAfterMs, 1);
    assert.equal(evictedAt(pod, 10_000).evict[0].tolerance.seconds, 10);
  });

  it('takes the shortest of several matching tolerations', () => {
    const pod = aPodOn('h1', { tolerations: [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      { operator: 'Exists', tolerationSeconds: 5 },
    ] });
    assert.deepEqual(evictedAt(pod, 4_999).evict, []);
    assert.equal(evictedAt(pod, 5_000).evict.length, 1);
  });

  it('evicts a pod with tolerationSeconds 0 in the same pass that adds the taint', () => {
    const pod = aPodOn('h1', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 0 }] });
    const d = reconcileNode(aSnapshot({ node: aNode('h1'), pods: [pod], lastHeartbeatMs: T0, nowMs: taintedAt }));
    assert.equal(d.evict.length, 1);
  });

  it('leaves a pod that tolerates the taint forever (no tolerationSeconds)', () => {
    const pod = aPodOn('h1', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] });
    const d = evictedAt(pod, 3_600_000);
    assert.deepEqual(d.evict, []);
    assert.equal(d.requeueAfterMs, undefined);
  });

  it('ignores a toleration for another taint or effect', () => {
    const pod = aPodOn('h1', { tolerations: [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' },
    ] });
    assert.equal(evictedAt(pod, 2_000).evict.length, 1);
  });

  it('leaves finished pods alone', () => {
    assert.deepEqual(evictedAt(aPodOn('h1', { phase: 'Succeeded' }), 60_000).evict, []);
    assert.deepEqual(evictedAt(aPodOn('h1', { phase: 'Failed' }), 60_000).markNotReady, []);
  });

  it('force-deletes a pod already being deleted on an unreachable node: its agent will never finish it', () => {
    assert.equal(evictedAt(aPodOn('h1', { deleting: true }), 2_000).evict[0].force, true);
  });

  // The agent fences at lastHeartbeat + GRACE by its own clock: at-most-once pods go no sooner
  // than GRACE + max(toleration, fence margin) after the last heartbeat the controller saw.
  const MARGIN = NODE_LIFECYCLE_DEFAULTS.fenceMarginMs;
  const singleton = (extra: { tolerations?: Array<Record<string, unknown>> } = {}) =>
    aPodOn('h1', { annotations: { 'tugboat.io/at-most-once': 'true' }, ...(extra as object) });
  const tolerating = (seconds: number) => ({ tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds }] });

  it('waits for the fence margin when the pod tolerates the unreachable taint for less', () => {
    const pod = singleton(tolerating(0));
    const fencedBy = T0 + GRACE + MARGIN;
    const at = (nowMs: number, options: { fenceMarginMs?: number } = {}) => reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: T0, nowMs, options: { ...NODE_LIFECYCLE_DEFAULTS, ...options } }));
    assert.deepEqual(at(taintedAt).evict, [], 'toleration 0 is over, but the agent may not have fenced yet');
    assert.equal(at(taintedAt).requeueAfterMs, fencedBy - taintedAt);
    assert.deepEqual(at(fencedBy - 1).evict, []);
    assert.equal(at(fencedBy).evict.length, 1);
    assert.equal(at(fencedBy).evict[0].force, true, 'nobody on the node will confirm: grace 0');
    assert.deepEqual(at(fencedBy, { fenceMarginMs: 3_000 }).evict, [], 'a larger margin waits longer');
    const plain = aPodOn('h1', tolerating(0) as object);
    assert.equal(reconcileNode(aSnapshot({ node: node(), pods: [plain], lastHeartbeatMs: T0, nowMs: taintedAt })).evict.length, 1, 'an ordinary pod goes at once');
  });

  it('adds nothing when the toleration is longer than the margin', () => {
    const pod = singleton();
    const at = (afterMs: number) => reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: T0, nowMs: taintedAt + afterMs }));
    assert.deepEqual(at(1_999).evict, []);
    assert.equal(at(2_000).evict.length, 1);
  });

  it('counts a StatefulSet\'s pod as at-most-once without the annotation', () => {
    const pod = aPodOn('h1', tolerating(0) as object);
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'ss-1', controller: true }];
    assert.deepEqual(reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: T0, nowMs: taintedAt })).evict, []);
    assert.equal(reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: T0, nowMs: T0 + GRACE + MARGIN })).evict.length, 1);
  });

  it('measures from the last heartbeat seen, not from the taint: a later heartbeat pushes the eviction back', () => {
    const pod = singleton(tolerating(0));
    const later = T0 + 5_000;
    assert.deepEqual(reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: later, nowMs: later + GRACE + 1 })).evict, []);
    assert.equal(reconcileNode(aSnapshot({ node: node(), pods: [pod], lastHeartbeatMs: later, nowMs: later + GRACE + MARGIN })).evict.length, 1);
  });
});

describe('reconcileNode: a node whose agent says Ready=False', () => {
  const pod = aPodOn('h1');
  const d = reconcileNode(aSnapshot({ node: aNode('h1', { ready: 'False' }), pods: [pod], lastHeartbeatMs: T0, nowMs: T0 + 1_000 }));

  it('is tainted not-ready, leaving its conditions and pods\' readiness to the live agent', () => {
    assert.deepEqual(keys(d.taints), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
    assert.equal(d.conditions, undefined);
    assert.deepEqual(d.markNotReady, []);
  });

  it('has its pods evicted gracefully: the agent is alive to stop them', () => {
    const node = aNode('h1', { ready: 'False', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: iso(T0) }] });
    const later = reconcileNode(aSnapshot({ node, pods: [pod], lastHeartbeatMs: T0 + 1_500, nowMs: T0 + 2_000 }));
    assert.equal(later.evict.length, 1);
    assert.equal(later.evict[0].force, false);
  });

  it('swaps not-ready for unreachable taints when the Lease then expires', () => {
    const node = aNode('h1', { ready: 'False', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    const later = reconcileNode(aSnapshot({ node, lastHeartbeatMs: T0, nowMs: T0 + GRACE + 1 }));
    assert.deepEqual(keys(later.taints), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
  });
});

describe('reconcileNode: recovery', () => {
  it('removes the lifecycle taints once the Lease is renewed and the agent reports Ready=True', () => {
    const custom: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
    const node = aNode('h1', { ready: 'True', taints: [custom, ...unreachableTaints(T0)] });
    const d = reconcileNode(aSnapshot({ node, lastHeartbeatMs: T0 + 10_000, nowMs: T0 + 10_100, limiter: { admitted: new Set(['h1']) } }));
    assert.deepEqual(d.taints, [custom]);
    assert.equal(d.limiter.admitted.has('h1'), false);
    assert.deepEqual(d.evict, []);
  });

  it('keeps them while the renewed agent has not yet posted Ready=True', () => {
    const node = aNode('h1', { ready: 'Unknown', taints: unreachableTaints(T0) });
    const d = reconcileNode(aSnapshot({ node, lastHeartbeatMs: T0 + 10_000, nowMs: T0 + 10_100 }));
    assert.equal(d.taints, undefined);
    assert.equal(d.conditions, undefined);
    assert.deepEqual(d.markNotReady, []);
  });

  it('does nothing to a node that has not posted its first status yet', () => {
    const d = reconcileNode(aSnapshot({ node: aNode('h1', { ready: undefined }), lastHeartbeatMs: T0, nowMs: T0 + 100 }));
    assert.equal(d.taints, undefined);
    assert.equal(d.conditions, undefined);
  });
});

describe('reconcileNode: mass failure', () => {
  const nowMs = T0 + GRACE + 1;

  it('in a partial disruption, holds back the NoExecute taint of a node whose turn has not come', () => {
    const pod = aPodOn('h4');
    const d = reconcileNode(aSnapshot({
      node: aNode('h4'), pods: [pod], lastHeartbeatMs: T0, nowMs, mode: 'PartialDisruption',
      limiter: { admitted: new Set(['h1']), lastSlowAdmitMs: nowMs - 10_000 },
    }));
    assert.deepEqual(keys(d.taints), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.equal(statusOf(d.conditions, 'Ready'), 'Unknown');
    assert.equal(d.markNotReady.length, 1, 'readiness is still withdrawn');
    assert.deepEqual(d.held, { admitted: false, mode: 'PartialDisruption', retryAfterMs: 20_000 });
    assert.equal(d.requeueAfterMs, 20_000);
  });

  it('in a partial disruption, admits the next node once the slow interval has passed', () => {
    const d = reconcileNode(aSnapshot({
      node: aNode('h4'), lastHeartbeatMs: T0, nowMs, mode: 'PartialDisruption',
      limiter: { admitted: new Set(['h1']), lastSlowAdmitMs: nowMs - 30_000 },
    }));
    assert.ok(keys(d.taints)?.includes('node.kubernetes.io/unreachable:NoExecute'));
    assert.deepEqual([...d.limiter.admitted].sort(), ['h1', 'h4']);
    assert.equal(d.limiter.lastSlowAdmitMs, nowMs);
  });

  it('in a full disruption, lifts the NoExecute taint and evicts nothing', () => {
    const node = aNode('h1', { ready: 'Unknown', taints: unreachableTaints(T0) });
    const d = reconcileNode(aSnapshot({ node, pods: [aPodOn('h1')], lastHeartbeatMs: T0, nowMs: T0 + 60_000, mode: 'FullDisruption' }));
    assert.deepEqual(keys(d.taints), ['node.kubernetes.io/unreachable:NoSchedule']);
    assert.deepEqual(d.evict, []);
    assert.deepEqual(d.held, { admitted: false, mode: 'FullDisruption' });
    assert.equal(d.requeueAfterMs, undefined);
  });
});
