import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createNodeLifecycleController, NODE_LEASE_NAMESPACE } from '../../../src/controllers/nodelifecycle/index.js';
import { eventually, runController, type Harness } from './gc-and-workload-builders.js';
import { aLease, aNode, aPodOn, T0 } from './nodelifecycle-builders.js';

const NODES = resourceByKind('v1', 'Node')!;
const PODS = resourceByKind('v1', 'Pod')!;
const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;

interface Cluster extends Harness {
  /** Renews the node's Lease at the current fake time and waits until the controller has seen it. */
  renew(node: string): Promise<void>;
}

/** The controller against a fake cluster with real informers and a FakeClock; stopped after the test. */
async function startCluster(t: { after(fn: () => unknown): void }, objects: KubeObject[]): Promise<Cluster> {
  const h = await runController(t, objects, (ctx) => createNodeLifecycleController(ctx));
  const leases = h.informers.informerFor(LEASES); // the controller's own (all namespaces)
  const renew = async (node: string) => {
    const renewTime = aLease(node, h.clock.now()).spec.renewTime;
    await h.client.patch(LEASES, NODE_LEASE_NAMESPACE, node, { type: 'merge', body: { spec: { renewTime } } });
    await eventually(() => leases.cache.get(`${NODE_LEASE_NAMESPACE}/${node}`)?.spec.renewTime === renewTime, `${node} renewal seen`);
  };
  return { ...h, renew };
}

const readyOf = (o: KubeObject | undefined) => o?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status;
const taintKeys = (o: KubeObject | undefined) => (o?.spec?.taints ?? []).map((t: { key: string; effect: string }) => `${t.key}:${t.effect}`).sort();

describe('node lifecycle controller shell', () => {
  it('marks a silent node Unknown and taints it after the grace, then force-deletes its pod 2 s later', async (t) => {
    const web = aPodOn('h1', { name: 'web-1' });
    const c = await startCluster(t, [aNode('h1'), aNode('h2'), aLease('h1', T0), aLease('h2', T0), web, aPodOn('h2', { name: 'web-2' })]);
    // Both nodes are re-checked when their Lease would expire: T0 + 4 s + 1 ms.
    await eventually(() => c.clock.nextDue() === T0 + 4_001, 'expiry check scheduled');

    c.clock.advance(3_000);
    await c.renew('h2'); // h2 keeps beating; h1 has gone silent since T0
    c.clock.advance(1_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(readyOf(c.client.peek(NODES, undefined, 'h1')), 'True', 'at exactly the grace nothing changes');

    c.clock.advance(1);
    await eventually(() => readyOf(c.client.peek(NODES, undefined, 'h1')) === 'Unknown', 'h1 Ready=Unknown');
    await eventually(() => taintKeys(c.client.peek(NODES, undefined, 'h1')).length === 2, 'h1 tainted');
    assert.deepEqual(taintKeys(c.client.peek(NODES, undefined, 'h1')), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    await eventually(() => readyOf(c.client.peek(PODS, 'default', 'web-1')) === 'False', 'web-1 marked not ready');
    assert.equal(readyOf(c.client.peek(NODES, undefined, 'h2')), 'True');
    assert.deepEqual(taintKeys(c.client.peek(NODES, undefined, 'h2')), []);
    assert.ok(c.client.peek(PODS, 'default', 'web-1'), 'not evicted before its 2 s toleration');
    assert.equal(c.client.actions().filter((a) => a.verb === 'delete').length, 0);

    await eventually(() => c.clock.nextDue() === T0 + 4_001 + 2_000, 'eviction check scheduled');
    c.clock.advance(1_999); // T0 + 6 s: renew h2 so only h1 is silent
    await c.renew('h2');
    c.clock.advance(1);
    await eventually(() => !c.client.peek(PODS, 'default', 'web-1'), 'web-1 evicted');
    const deletes = c.client.actions().filter((a) => a.verb === 'delete');
    assert.deepEqual(deletes.map((a) => [a.name, a.options]), [['web-1', { preconditions: { uid: web.metadata.uid }, gracePeriodSeconds: 0 }]]);
    assert.ok(c.client.peek(PODS, 'default', 'web-2'), 'pods on the live node stay');
    assert.ok(c.client.peek(NODES, undefined, 'h1'), 'the node itself is never deleted');
    assert.ok(c.events.some((e) => e.object === 'web-1' && e.reason === 'TaintManagerEviction'));
    assert.ok(c.events.some((e) => e.object === 'h1' && e.reason === 'NodeNotReady'));
  });

  it('removes the taints when the agent renews its Lease and reports Ready=True again', async (t) => {
    const c = await startCluster(t, [aNode('h1'), aNode('h2'), aLease('h1', T0), aLease('h2', T0)]);
    await eventually(() => c.clock.nextDue() === T0 + 4_001, 'expiry check scheduled');
    c.clock.advance(3_000);
    await c.renew('h2');
    c.clock.advance(1_001);
    await eventually(() => taintKeys(c.client.peek(NODES, undefined, 'h1')).length === 2, 'h1 tainted');

    await c.renew('h1');
    const conditions = aNode('h1').status.conditions;
    await c.client.patch(NODES, undefined, 'h1', { type: 'merge', body: { status: { conditions } } }, { subresource: 'status' });
    await eventually(() => taintKeys(c.client.peek(NODES, undefined, 'h1')).length === 0, 'h1 untainted');
    assert.equal(readyOf(c.client.peek(NODES, undefined, 'h1')), 'True');
  });

  it('takes only kube-node-lease Leases as heartbeats: a same-named Lease elsewhere keeps no node alive', async (t) => {
    const elsewhere = { ...aLease('h1', T0), metadata: { name: 'h1', namespace: 'default' } };
    const c = await startCluster(t, [aNode('h1'), aLease('h1', T0), elsewhere]);
    await eventually(() => c.clock.nextDue() === T0 + 4_001, 'expiry check scheduled');
    c.clock.advance(3_000);
    const renewTime = aLease('h1', c.clock.now()).spec.renewTime;
    await c.client.patch(LEASES, 'default', 'h1', { type: 'merge', body: { spec: { renewTime } } });
    await new Promise((r) => setTimeout(r, 20));
    c.clock.advance(1_001);
    await eventually(() => readyOf(c.client.peek(NODES, undefined, 'h1')) === 'Unknown', 'h1 Ready=Unknown despite default/h1');
  });

  it('slows eviction when most nodes go silent at once, and stops it when all do', async (t) => {
    const names = ['h1', 'h2', 'h3', 'h4'];
    const c = await startCluster(t, [...names.map((n) => aNode(n)), ...names.map((n) => aLease(n, T0))]);
    await eventually(() => c.clock.nextDue() === T0 + 4_001, 'expiry check scheduled');
    c.clock.advance(3_000);
    await c.renew('h4');
    c.clock.advance(1_001); // h1–h3 silent: 3 of 4
    const silent = ['h1', 'h2', 'h3'];
    const noExecute = () => silent.filter((n) => taintKeys(c.client.peek(NODES, undefined, n)).includes('node.kubernetes.io/unreachable:NoExecute'));
    await eventually(() => silent.every((n) => taintKeys(c.client.peek(NODES, undefined, n)).includes('node.kubernetes.io/unreachable:NoSchedule')), 'all silent nodes NoSchedule');
    await eventually(() => c.events.filter((e) => e.reason === 'EvictionSlowed').length === 2, 'two nodes told they wait');
    assert.equal(noExecute().length, 1, 'one node at a time may evict');
    assert.equal(c.events.find((e) => e.reason === 'EvictionSlowed')?.message, '3 of 4 nodes unreachable, likely a control-plane network problem: slowing eviction');

    c.clock.advance(3_000); // T0 + 7001: h4 silent too
    await eventually(() => noExecute().length === 0, 'NoExecute lifted in a full disruption');
    await eventually(() => c.events.some((e) => e.reason === 'EvictionStopped' && e.object === 'h4'), 'full disruption reported');
    assert.equal(c.events.find((e) => e.reason === 'EvictionStopped')?.message, 'all 4 nodes unreachable, likely a control-plane network problem: stopping eviction');
  });
});
