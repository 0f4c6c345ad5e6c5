import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { atMostOnceUids, containersToStopWhenFenced, fenceDueMs, isAtMostOnce, isFenced, planRecovery } from '../../../src/agent/fencing/decide.js';
import { parseFenceMemory } from '../../../src/agent/fencing/fence-file.js';
import { graceFromSettings } from '../../../src/agent/fencing/settings.js';
import { containerLabels } from '../../../src/agent/container-labels.js';
import type { ContainerInfo } from '../../../src/agent/runtime/runtime.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { aPod, aRuntimeContainer, T0 } from './builders.js';

const singleton = (uid: string, node = 'n1') => aPod({ name: uid, uid, node, annotations: { 'tugboat.io/at-most-once': 'true' } });
const plain = (uid: string, node = 'n1') => aPod({ name: uid, uid, node });
const byUid = (...pods: Pod[]) => new Map(pods.map((p) => [p.metadata.uid!, p]));
const ids = (cs: ContainerInfo[]) => cs.map((c) => c.id).sort();

/** A container labelled with a node name and agent dir, as the agent creates them. */
function labelled(id: string, podUid: string, opts: { node?: string; agentDir?: string; state?: ContainerInfo['state'] } = {}): ContainerInfo {
  const c = aRuntimeContainer({ id, podUid, state: opts.state });
  return { ...c, labels: containerLabels({ podUid, podNamespace: 'default', podName: podUid, containerName: 'app', kind: 'regular', attempt: 0, restartBackoffMs: 0, nodeName: opts.node ?? 'n1', agentDir: opts.agentDir ?? '/data' }) };
}

void describe('isAtMostOnce', () => {
  it('is true for the annotation "true" and for StatefulSet-owned pods, false otherwise', () => {
    assert.equal(isAtMostOnce(singleton('a')), true);
    assert.equal(isAtMostOnce(plain('b')), false);
    assert.equal(isAtMostOnce(aPod({ annotations: { 'tugboat.io/at-most-once': 'false' } })), false);
    const owned = plain('c');
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's1', controller: true }];
    assert.equal(isAtMostOnce(owned), true);
    owned.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'r1', controller: true }];
    assert.equal(isAtMostOnce(owned), false);
  });
});

void describe('isFenced: the grace boundary, by the agent\'s clock', () => {
  const GRACE = 4_000;
  it('is not fenced before any renewal', () => assert.equal(isFenced(undefined, T0 + 60_000, GRACE), false));
  it('is not fenced at exactly the grace', () => assert.equal(isFenced(T0, T0 + GRACE, GRACE), false));
  it('is fenced 1 ms past the grace', () => assert.equal(isFenced(T0, T0 + GRACE + 1, GRACE), true));
  it('is due 1 ms past the grace', () => assert.equal(fenceDueMs(T0, GRACE), T0 + GRACE + 1));
});

void describe('containersToStopWhenFenced', () => {
  it('picks running containers of at-most-once pods only', () => {
    const containers = [
      aRuntimeContainer({ id: 's-run', podUid: 's' }),
      aRuntimeContainer({ id: 's-exited', podUid: 's', state: 'exited' }),
      aRuntimeContainer({ id: 'p-run', podUid: 'p' }),
      aRuntimeContainer({ id: 'unknown', podUid: 'x' }),
    ];
    assert.deepEqual(ids(containersToStopWhenFenced(containers, byUid(singleton('s'), plain('p')))), ['s-run']);
  });

  it('also picks containers of pods the cache does not know but the previous run remembered as at-most-once', () => {
    const containers = [aRuntimeContainer({ id: 'r', podUid: 'r' }), aRuntimeContainer({ id: 'u', podUid: 'u' }), aRuntimeContainer({ id: 'p', podUid: 'p' })];
    assert.deepEqual(ids(containersToStopWhenFenced(containers, byUid(plain('p')), new Set(['r', 'p']))), ['r'], 'the cache wins where it knows the pod');
  });

  it('lists the at-most-once uids to remember, sorted', () => {
    assert.deepEqual(atMostOnceUids([plain('p'), singleton('z'), singleton('a')]), ['a', 'z']);
  });
});

void describe('planRecovery: from a fresh list after the fence', () => {
  it('removes containers of pods deleted, rebound elsewhere, replaced by a new uid or evicted; keeps the rest', () => {
    const evicted = plain('ev');
    evicted.status = { phase: 'Failed', reason: 'Evicted' };
    const fresh = [plain('kept'), plain('moved', 'n2'), evicted, { ...plain('new-uid'), metadata: { ...plain('new-uid').metadata, uid: 'new-uid-2' } }];
    const containers = [
      labelled('c-kept', 'kept'), labelled('c-gone', 'gone'), labelled('c-moved', 'moved'),
      labelled('c-ev', 'ev', { state: 'exited' }), labelled('c-new', 'new-uid'),
    ];
    const plan = planRecovery(containers, fresh, 'n1', '/data');
    assert.deepEqual(ids(plan.remove), ['c-ev', 'c-gone', 'c-moved', 'c-new']);
    assert.deepEqual(plan.goneUids.sort(), ['ev', 'gone', 'moved', 'new-uid']);
  });

  it('leaves alone containers of another node or another agent sharing the runtime', () => {
    const containers = [labelled('other-node', 'gone', { node: 'n2' }), labelled('other-agent', 'gone', { agentDir: '/elsewhere' })];
    assert.deepEqual(planRecovery(containers, [], 'n1', '/data').remove, []);
  });
});

void describe('graceFromSettings', () => {
  it('takes the published grace, else period × 4, else the fallback', () => {
    assert.equal(graceFromSettings({ periodMs: '1000', graceMs: '4000' }, 9), 4_000);
    assert.equal(graceFromSettings({ periodMs: '500' }, 9), 2_000);
    assert.equal(graceFromSettings({ graceMs: 'x' }, 9), 9);
    assert.equal(graceFromSettings(undefined, 9), 9);
  });
});

void describe('parseFenceMemory', () => {
  it('accepts a valid memory and rejects anything else', () => {
    assert.deepEqual(parseFenceMemory('{"lastRenewedMs":5,"atMostOnceUids":["a"]}'), { lastRenewedMs: 5, atMostOnceUids: ['a'] });
    for (const bad of ['', 'nope', '{}', '{"lastRenewedMs":"5","atMostOnceUids":[]}', '{"lastRenewedMs":5,"atMostOnceUids":[1]}']) {
      assert.equal(parseFenceMemory(bad), undefined, bad);
    }
  });
});
