import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { NodeInfos, schedule } from '../../../src/scheduler/index.js';

function aNode(name: string, opts: { cpu?: string; memory?: string; labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean; ready?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { taints: opts.taints, unschedulable: opts.unschedulable },
    status: {
      allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

let serial = 0;
function aPod(opts: { cpu?: string; memory?: string; owner?: string; nodeSelector?: Record<string, string>; tolerations?: unknown[]; hostPort?: number; node?: string; labels?: Record<string, string>; affinity?: unknown } = {}): KubeObject {
  const n = ++serial;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `p${n}`, namespace: 'default', uid: `u${n}`, labels: opts.labels ?? { app: 'web' },
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: opts.owner, uid: opts.owner, controller: true }] } : {}),
    },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      nodeSelector: opts.nodeSelector, tolerations: opts.tolerations, affinity: opts.affinity,
      containers: [{
        name: 'c', image: 'i',
        resources: { requests: { ...(opts.cpu ? { cpu: opts.cpu } : {}), ...(opts.memory ? { memory: opts.memory } : {}) } },
        ...(opts.hostPort ? { ports: [{ containerPort: 80, hostPort: opts.hostPort }] } : {}),
      }],
    },
    status: { phase: 'Pending' },
  };
}

function cluster(nodes: KubeObject[], pods: KubeObject[] = []): NodeInfos {
  const infos = new NodeInfos();
  nodes.forEach((n) => infos.upsertNode(n));
  pods.forEach((p) => infos.observePod(p));
  return infos;
}

describe('scheduler pipeline: filters', () => {
  it('explains every rejected node when nothing fits', () => {
    const infos = cluster([
      aNode('h1', { memory: '1Gi' }), aNode('h2', { memory: '1Gi' }),
      aNode('h3', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
    ]);
    const result = schedule(aPod({ memory: '2Gi' }), infos.all());
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.message, '0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {dedicated: db}.');
  });

  it('counts what is already bound against allocatable', () => {
    const infos = cluster([aNode('h1', { cpu: '1' })], [aPod({ cpu: '800m', node: 'h1' })]);
    const result = schedule(aPod({ cpu: '300m' }), infos.all());
    assert.equal(!result.ok && result.message, '0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('gives a tainted node only to pods that tolerate the taint', () => {
    const taint = { key: 'gpu', value: 'yes', effect: 'NoSchedule' };
    const infos = cluster([aNode('tainted', { taints: [taint] })]);
    assert.equal(schedule(aPod(), infos.all()).ok, false);
    const tolerating = schedule(aPod({ tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }] }), infos.all());
    assert.deepEqual(tolerating.ok && tolerating.node, 'tainted');
  });

  it('honours nodeSelector and required node affinity', () => {
    const infos = cluster([aNode('a', { labels: { disk: 'ssd' } }), aNode('b', { labels: { disk: 'hdd' } })]);
    const bySelector = schedule(aPod({ nodeSelector: { disk: 'hdd' } }), infos.all());
    assert.equal(bySelector.ok && bySelector.node, 'b');
    const byAffinity = schedule(aPod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } } }), infos.all());
    assert.equal(byAffinity.ok && byAffinity.node, 'a');
  });

  it('skips cordoned and not-ready nodes', () => {
    const infos = cluster([aNode('cordoned', { unschedulable: true }), aNode('down', { ready: false }), aNode('ok')]);
    const result = schedule(aPod(), infos.all());
    assert.equal(result.ok && result.node, 'ok');
    const none = schedule(aPod(), cluster([aNode('cordoned', { unschedulable: true })]).all());
    assert.equal(!none.ok && none.message, '0/1 nodes are available: 1 node(s) were unschedulable.');
  });

  it('does not place two pods with the same hostPort on one node', () => {
    const infos = cluster([aNode('h1'), aNode('h2')], [aPod({ hostPort: 8080, node: 'h1' })]);
    const result = schedule(aPod({ hostPort: 8080 }), infos.all());
    assert.equal(result.ok && result.node, 'h2');
  });

  it('keeps pods apart with required pod anti-affinity by hostname', () => {
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } }] } };
    const infos = cluster([aNode('h1'), aNode('h2')], [aPod({ labels: { app: 'db' }, node: 'h1' })]);
    const result = schedule(aPod({ labels: { app: 'db' }, affinity: anti }), infos.all());
    assert.equal(result.ok && result.node, 'h2');
  });
});

describe('scheduler pipeline: scores', () => {
  it('spreads replicas of one owner evenly across nodes', () => {
    const infos = cluster([aNode('h1'), aNode('h2'), aNode('h3')]);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6; i++) {
      const pod = aPod({ owner: 'rs1' });
      const result = schedule(pod, infos.all(), { offset: i });
      assert.ok(result.ok);
      infos.assume(pod, result.node);
      counts[result.node] = (counts[result.node] ?? 0) + 1;
    }
    assert.deepEqual(counts, { h1: 2, h2: 2, h3: 2 });
  });

  it('spreads across zones before hosts', () => {
    const infos = cluster([
      aNode('a1', { labels: { 'topology.kubernetes.io/zone': 'a' } }), aNode('a2', { labels: { 'topology.kubernetes.io/zone': 'a' } }),
      aNode('b1', { labels: { 'topology.kubernetes.io/zone': 'b' } }),
    ], [aPod({ owner: 'rs1', node: 'a1' })]);
    const result = schedule(aPod({ owner: 'rs1' }), infos.all());
    assert.equal(result.ok && result.node, 'b1');
  });

  it('prefers the less loaded node', () => {
    const infos = cluster([aNode('busy'), aNode('idle')], [aPod({ cpu: '3', memory: '6Gi', node: 'busy' })]);
    const result = schedule(aPod({ cpu: '500m', memory: '512Mi' }), infos.all());
    assert.equal(result.ok && result.node, 'idle');
  });

  it('frees capacity when a bound pod finishes', () => {
    const bound = aPod({ cpu: '1', node: 'h1' });
    const infos = cluster([aNode('h1', { cpu: '1' })], [bound]);
    assert.equal(schedule(aPod({ cpu: '1' }), infos.all()).ok, false);
    infos.observePod({ ...bound, status: { phase: 'Succeeded' } });
    assert.equal(schedule(aPod({ cpu: '1' }), infos.all()).ok, true);
  });
});
