import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, resourceByKind } from '../../../src/api/resources.js';
import { createFakeClient, FakeClock, type FakeClient } from '../../../src/client/index.js';
import { createGarbageCollector, GC_RESOURCES } from '../../../src/controllers/gc/index.js';
import { anObject, eventually, ownerRef, runController, T0 } from './gc-and-workload-builders.js';

const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const PODS = resourceByKind('v1', 'Pod')!;

function tree(opts: { deploymentFinalizers?: string[] } = {}) {
  const d = anObject('Deployment', { name: 'web', ...(opts.deploymentFinalizers ? { deleting: true, finalizers: opts.deploymentFinalizers } : {}) });
  const rs = anObject('ReplicaSet', { name: 'web-1', owners: [ownerRef(d, { block: true })] });
  const pods = [1, 2].map((i) => anObject('Pod', { name: `web-1-${i}`, owners: [ownerRef(rs, { block: true })] }));
  return { d, rs, pods };
}

/** What the apiserver does on DELETE with propagationPolicy Foreground, which the fake does not. */
function foregroundLikeTheApiserver(fake: FakeClient): void {
  fake.prependReactor((a) => {
    const policy = (a.options as { propagationPolicy?: string } | undefined)?.propagationPolicy;
    if (a.verb !== 'delete' || policy !== 'Foreground') return undefined;
    const type = RESOURCES.find((r) => r.group === a.group && r.resource === a.resource)!;
    return fake.patch(type, a.namespace, a.name!, { type: 'merge', body: { metadata: { finalizers: ['foregroundDeletion'] } } })
      .then(() => fake.delete(type, a.namespace, a.name!));
  });
}

describe('garbage collector shell', () => {
  it('cascades a background delete from Deployment to ReplicaSets to Pods', async (t) => {
    const { d, rs, pods } = tree();
    const keeper = anObject('ReplicaSet', { name: 'keep' });
    const kept = anObject('Pod', { name: 'kept', owners: [ownerRef(keeper)] });
    // Owned by a Deployment named "web" that was deleted and re-created: the uid decides.
    const stale = anObject('ReplicaSet', { name: 'stale', owners: [{ ...ownerRef(d), uid: 'uid-of-an-older-web' }] });
    const h = await runController(t, [d, rs, ...pods, keeper, kept, stale], (ctx) => createGarbageCollector(ctx));
    await eventually(() => !h.client.peek(REPLICASETS, 'default', 'stale'), 'stale ReplicaSet collected');
    assert.ok(h.client.peek(REPLICASETS, 'default', 'web-1'), 'a ReplicaSet with a live owner stays');
    await h.client.delete(DEPLOYMENTS, 'default', 'web');
    await eventually(() => !h.client.peek(REPLICASETS, 'default', 'web-1'), 'ReplicaSet collected');
    await eventually(() => pods.every((p) => !h.client.peek(PODS, 'default', p.metadata.name!)), 'pods collected');
    assert.ok(h.client.peek(PODS, 'default', 'kept'));
    const rsDelete = h.client.actions().find((a) => a.verb === 'delete' && a.name === 'web-1');
    assert.deepEqual(rsDelete?.options, { propagationPolicy: 'Background', preconditions: { uid: rs.metadata.uid } });
  });

  it('deletes a foreground owner only after its blocking dependents are gone, bottom up', async (t) => {
    const { d, pods } = tree({ deploymentFinalizers: ['foregroundDeletion'] });
    const clock = new FakeClock(T0);
    const { rs } = tree();
    const fake = createFakeClient([d, rs, ...pods], { clock });
    foregroundLikeTheApiserver(fake);
    const h = await runController(t, [], (ctx) => createGarbageCollector(ctx), { client: fake, clock });
    await eventually(() => !h.client.peek(DEPLOYMENTS, 'default', 'web'), 'deployment deleted');
    assert.equal(h.client.peek(REPLICASETS, 'default', 'web-1'), undefined);
    assert.equal((await h.client.list(PODS)).items.length, 0);
    const log = h.client.actions().filter((a) => a.verb === 'delete' || (a.verb === 'patch' && JSON.stringify(a.body).includes('finalizers')));
    const at = (pred: (a: typeof log[number]) => boolean) => log.findIndex(pred);
    const rsForeground = at((a) => a.verb === 'delete' && a.name === 'web-1' && (a.options as any)?.propagationPolicy === 'Foreground');
    const lastPodDelete = Math.max(...pods.map((p) => at((a) => a.verb === 'delete' && a.name === p.metadata.name)));
    const rsReleased = at((a) => a.verb === 'patch' && a.name === 'web-1' && !JSON.stringify(a.body).includes('foregroundDeletion'));
    const deploymentReleased = at((a) => a.verb === 'patch' && a.name === 'web');
    assert.ok(rsForeground >= 0, 'the ReplicaSet, which owns pods, is deleted in the foreground');
    assert.ok(rsForeground < lastPodDelete && lastPodDelete < rsReleased && rsReleased < deploymentReleased, JSON.stringify(log.map((a) => `${a.verb} ${a.name}`)));
  });

  it('orphans: keeps the pods, strips the reference to the owner, then lets the owner go', async (t) => {
    const rs = anObject('ReplicaSet', { name: 'web-1', deleting: true, finalizers: ['orphan'] });
    const pods = [1, 2].map((i) => anObject('Pod', { name: `p${i}`, owners: [ownerRef(rs, { block: true }), ownerRef(anObject('ConfigMap', { name: 'cfg' }), { controller: false })] }));
    const cfg = anObject('ConfigMap', { name: 'cfg' });
    const h = await runController(t, [rs, cfg, ...pods], (ctx) => createGarbageCollector(ctx));
    await eventually(() => !h.client.peek(REPLICASETS, 'default', 'web-1'), 'owner deleted');
    for (const p of pods) {
      const left = h.client.peek(PODS, 'default', p.metadata.name!);
      assert.ok(left, 'pod kept');
      assert.deepEqual(left.metadata.ownerReferences?.map((r) => r.name), ['cfg']);
    }
  });

  const nodeAndLease = () => ({
    node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'uid-n1', resourceVersion: '1' } },
    lease: {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: 'n1', namespace: 'kube-node-lease', uid: 'uid-lease-n1', resourceVersion: '2', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-n1' }] },
      spec: { holderIdentity: 'n1', renewTime: new Date(T0).toISOString() },
    },
  });
  const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;

  it('queues no pass for an update that leaves owners, deletion and finalizers alone (a Lease renewal)', async (t) => {
    const { node, lease } = nodeAndLease();
    // Without Nodes in the graph every pass over the Lease looks its owner up live: the GETs count passes.
    const h = await runController(t, [node, lease], (ctx) => createGarbageCollector(ctx, 2, GC_RESOURCES.filter((r) => r.kind !== 'Node')));
    await eventually(() => h.client.actions().some((a) => a.verb === 'get'), 'the first pass looks the Node up');
    const before = h.client.actions().filter((a) => a.verb === 'get').length;
    for (let i = 1; i <= 5; i++) {
      await h.client.patch(LEASES, 'kube-node-lease', 'n1', { type: 'merge', body: { spec: { renewTime: new Date(T0 + i * 1000).toISOString() } } });
    }
    await h.client.patch(LEASES, 'kube-node-lease', 'n1', { type: 'merge', body: { metadata: { labels: { touched: 'yes' } } } });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(h.client.actions().filter((a) => a.verb === 'get').length, before, 'renewals queued no pass');
  });

  it('collects a Lease when its Node is deleted (cluster-scoped owners are watched too)', async (t) => {
    const { node, lease } = nodeAndLease();
    const h = await runController(t, [node, lease], (ctx) => createGarbageCollector(ctx));
    await h.client.delete(resourceByKind('v1', 'Node')!, undefined, 'n1');
    await eventually(() => !h.client.peek(LEASES, 'kube-node-lease', 'n1'), 'the Lease of a deleted Node is collected');
  });
});
