import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { templateHash } from '../../../src/controllers/deployment/hash.js';
import { createDaemonSetController, placementOn, reconcileDaemonSet, resolveMaxUnavailable } from '../../../src/controllers/daemonset/index.js';
import { aPod } from './builders.js';
import { aNode, eventually, runController, T0 } from './gc-and-workload-builders.js';

const PODS = resourceByKind('v1', 'Pod')!;
const DAEMONSETS = resourceByKind('apps/v1', 'DaemonSet')!;
const NODES = resourceByKind('v1', 'Node')!;

function aDaemonSet(opts: { image?: string; nodeSelector?: Record<string, string>; tolerations?: unknown[]; maxUnavailable?: number | string; onDelete?: boolean; affinity?: unknown } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'ds-uid', generation: 2, resourceVersion: '1' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      updateStrategy: opts.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: opts.maxUnavailable ?? 1 } },
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          containers: [{ name: 'c', image: opts.image ?? 'agent:1' }],
          ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
          ...(opts.tolerations ? { tolerations: opts.tolerations } : {}),
          ...(opts.affinity ? { affinity: opts.affinity } : {}),
        },
      },
    },
  };
}

/** A daemon pod of `ds` on `node`, made from the template with `image`. */
function daemonPod(ds: KubeObject, node: string, opts: { image?: string; ready?: boolean; phase?: string; createdMs?: number; name?: string } = {}): KubeObject {
  const template = structuredClone(ds.spec.template);
  if (opts.image) template.spec.containers[0].image = opts.image;
  const pod = aPod({ owner: ds, node, ready: opts.ready, phase: opts.phase, createdMs: opts.createdMs, name: opts.name, labels: { app: 'agent', 'controller-revision-hash': templateHash(template) } });
  return pod;
}

const decide = (ds: KubeObject, nodes: KubeObject[], pods: KubeObject[], extra: { expectationsSatisfied?: boolean } = {}) =>
  reconcileDaemonSet({ daemonSet: ds, nodes, pods, nowMs: T0 + 60_000, expectationsSatisfied: extra.expectationsSatisfied ?? true });

describe('DaemonSet placement', () => {
  const cases: Array<{ name: string; ds: KubeObject; node: KubeObject; run: boolean; stay: boolean }> = [
    { name: 'any plain node', ds: aDaemonSet(), node: aNode('n1'), run: true, stay: true },
    { name: 'a node outside the nodeSelector', ds: aDaemonSet({ nodeSelector: { disk: 'ssd' } }), node: aNode('n1'), run: false, stay: false },
    { name: 'a node inside the nodeSelector', ds: aDaemonSet({ nodeSelector: { disk: 'ssd' } }), node: aNode('n1', { labels: { disk: 'ssd' } }), run: true, stay: true },
    {
      name: 'a node outside the required node affinity',
      ds: aDaemonSet({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } }),
      node: aNode('n1', { labels: { zone: 'b' } }), run: false, stay: false,
    },
    { name: 'a cordoned node (tolerated automatically)', ds: aDaemonSet(), node: aNode('n1', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), run: true, stay: true },
    { name: 'a not-ready node (tolerated automatically)', ds: aDaemonSet(), node: aNode('n1', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }), run: true, stay: true },
    { name: 'a node with an untolerated NoSchedule taint keeps existing pods', ds: aDaemonSet(), node: aNode('n1', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), run: false, stay: true },
    { name: 'a node with an untolerated NoExecute taint', ds: aDaemonSet(), node: aNode('n1', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] }), run: false, stay: false },
    { name: 'a tainted node the template tolerates', ds: aDaemonSet({ tolerations: [{ key: 'gpu', operator: 'Exists' }] }), node: aNode('n1', { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), run: true, stay: true },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(placementOn(c.ds, c.node), { shouldRun: c.run, shouldContinueRunning: c.stay }));
  }

  it('resolves maxUnavailable as a count or a rounded-up percentage, at least 1', () => {
    assert.equal(resolveMaxUnavailable(undefined, 10), 1);
    assert.equal(resolveMaxUnavailable(3, 10), 3);
    assert.equal(resolveMaxUnavailable('25%', 10), 3);
    assert.equal(resolveMaxUnavailable('0%', 10), 1);
  });
});

describe('DaemonSet reconcile', () => {
  it('creates one pod on each eligible node that lacks one', () => {
    const ds = aDaemonSet({ nodeSelector: { role: 'edge' } });
    const nodes = [aNode('a', { labels: { role: 'edge' } }), aNode('b', { labels: { role: 'edge' } }), aNode('c')];
    const d = decide(ds, nodes, [daemonPod(ds, 'a')]);
    assert.deepEqual(d.createOn, ['b']);
    assert.deepEqual(d.remove, []);
    assert.equal(d.status.desiredNumberScheduled, 2);
    assert.equal(d.status.currentNumberScheduled, 1);
  });

  it('adopts an orphan pod its selector matches instead of creating another', () => {
    const ds = aDaemonSet();
    const orphan = aPod({ node: 'a', labels: { app: 'agent' } });
    const stranger = aPod({ node: 'a', labels: { app: 'other' } });
    const d = decide(ds, [aNode('a')], [orphan, stranger]);
    assert.deepEqual(d.adopt, [orphan]);
    assert.deepEqual(d.createOn, []);
    assert.equal(d.status.currentNumberScheduled, 1);
  });

  it('does nothing while earlier creates are unobserved', () => {
    assert.deepEqual(decide(aDaemonSet(), [aNode('a')], [], { expectationsSatisfied: false }).createOn, []);
  });

  it('removes pods from nodes that stop being eligible, and counts them misscheduled', () => {
    const ds = aDaemonSet({ nodeSelector: { role: 'edge' } });
    const pod = daemonPod(ds, 'a');
    const d = decide(ds, [aNode('a')], [pod]);
    assert.deepEqual(d.remove.map((r) => r.pod.metadata.name), [pod.metadata.name]);
    assert.equal(d.status.numberMisscheduled, 1);
  });

  it('force-deletes pods whose node was deleted', () => {
    const ds = aDaemonSet();
    const gone = daemonPod(ds, 'gone');
    const d = decide(ds, [aNode('a')], [daemonPod(ds, 'a'), gone]);
    assert.deepEqual(d.remove, [{ pod: gone, force: true }]);
  });

  it('keeps the oldest pod when a node has two, and replaces failed pods', () => {
    const ds = aDaemonSet();
    const old = daemonPod(ds, 'a', { createdMs: T0, name: 'old' });
    const young = daemonPod(ds, 'a', { createdMs: T0 + 5, name: 'young' });
    const failed = daemonPod(ds, 'b', { phase: 'Failed', name: 'failed' });
    const d = decide(ds, [aNode('a'), aNode('b')], [young, old, failed]);
    assert.deepEqual(d.remove.map((r) => r.pod.metadata.name).sort(), ['failed', 'young']);
    assert.deepEqual(d.createOn, ['b']);
  });

  it('rolls a new template out one node at a time by default', () => {
    const ds = aDaemonSet({ image: 'agent:2' });
    const pods = ['a', 'b', 'c'].map((n) => daemonPod(ds, n, { image: 'agent:1' }));
    const d = decide(ds, ['a', 'b', 'c'].map((n) => aNode(n)), pods);
    assert.equal(d.remove.length, 1);
    assert.equal(d.remove[0].pod.spec.nodeName, 'a');
    assert.equal(d.status.updatedNumberScheduled, 0);
  });

  it('waits while an updated pod is not yet available, but replaces unavailable old pods at once', () => {
    const ds = aDaemonSet({ image: 'agent:2' });
    const pods = [
      daemonPod(ds, 'a', { ready: false }),
      daemonPod(ds, 'b', { image: 'agent:1', ready: false, name: 'broken-old' }),
      daemonPod(ds, 'c', { image: 'agent:1', name: 'healthy-old' }),
    ];
    const d = decide(ds, ['a', 'b', 'c'].map((n) => aNode(n)), pods);
    assert.deepEqual(d.remove.map((r) => r.pod.metadata.name), ['broken-old']);
    assert.equal(d.status.updatedNumberScheduled, 1);
    assert.equal(d.status.numberReady, 1);
  });

  it('honours a larger maxUnavailable, and never rolls with OnDelete', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((n) => aNode(n));
    const rolling = aDaemonSet({ image: 'agent:2', maxUnavailable: '50%' });
    assert.equal(decide(rolling, nodes, nodes.map((n) => daemonPod(rolling, n.metadata.name!, { image: 'agent:1' }))).remove.length, 2);
    const manual = aDaemonSet({ image: 'agent:2', onDelete: true });
    assert.equal(decide(manual, nodes, nodes.map((n) => daemonPod(manual, n.metadata.name!, { image: 'agent:1' }))).remove.length, 0);
  });

  it('reports status counts and observedGeneration', () => {
    const ds = aDaemonSet();
    const d = decide(ds, [aNode('a'), aNode('b')], [daemonPod(ds, 'a'), daemonPod(ds, 'b', { ready: false })]);
    assert.deepEqual(d.status, {
      desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 1,
      numberAvailable: 1, numberUnavailable: 1, updatedNumberScheduled: 2, observedGeneration: 2,
    });
  });
});

describe('DaemonSet controller shell', () => {
  it('runs one pod per node, follows node changes and rolls out a new template', async (t) => {
    const h = await runController(t, [aDaemonSet(), aNode('a'), aNode('b')], (ctx) => createDaemonSetController(ctx));
    const daemonPods = async () => (await h.client.list(PODS, { namespace: 'default' })).items.filter((p) => !p.metadata.deletionTimestamp);
    await eventually(async () => (await daemonPods()).length === 2, 'a pod on each node');
    const pods = await daemonPods();
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['a', 'b']);
    assert.ok(pods[0].spec.tolerations.some((x: { key?: string }) => x.key === 'node.kubernetes.io/unschedulable'));
    assert.equal(pods[0].metadata.ownerReferences?.[0].uid, 'ds-uid');
    await eventually(() => h.client.peek(DAEMONSETS, 'default', 'agent')?.status?.desiredNumberScheduled === 2, 'status');

    await h.client.create(NODES, aNode('c'));
    await eventually(async () => (await daemonPods()).some((p) => p.spec.nodeName === 'c'), 'a pod on the new node');
    await h.client.delete(NODES, undefined, 'a');
    await eventually(async () => !(await daemonPods()).some((p) => p.spec.nodeName === 'a'), 'the pod of the deleted node removed');

    const ds = h.client.peek(DAEMONSETS, 'default', 'agent')!;
    ds.spec.template.spec.containers[0].image = 'agent:2';
    await h.client.update(DAEMONSETS, ds);
    // Pods never become Ready here (no agent), so old pods count as unavailable and are replaced.
    await eventually(async () => (await daemonPods()).every((p) => p.spec.containers[0].image === 'agent:2') && (await daemonPods()).length === 2, 'rolled out');
  });
});
