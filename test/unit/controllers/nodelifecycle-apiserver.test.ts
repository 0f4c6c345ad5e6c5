/**
 * The controller through the HTTP client against the real apiserver (memory store, real
 * time, short timings): the merge patches it sends (conditional on resourceVersion, the
 * nodes/status and pods/status subresources, a forced pod delete) are accepted as meant.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createNodeLifecycleController } from '../../../src/controllers/nodelifecycle/index.js';
import { eventually, startApiCluster } from './gc-and-workload-builders.js';
import { aLease, aNode, aPodOn } from './nodelifecycle-builders.js';

const NODES = resourceByKind('v1', 'Node')!;
const PODS = resourceByKind('v1', 'Pod')!;
const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;
const readyOf = (o: KubeObject) => o.status?.conditions?.find((c: { type: string }) => c.type === 'Ready')?.status;
const ROUNDS = 10_000; // ≥ 10 s of 1 ms polls: generous for a loaded machine

it('against the real apiserver: a silent node goes Unknown and tainted, and its pod is force-deleted', async (t) => {
  const cluster = await startApiCluster([(ctx) => createNodeLifecycleController(ctx, { heartbeatGraceMs: 1_000, defaultEvictionSeconds: 1 })]);
  t.after(() => cluster.stop());
  const { client } = cluster;
  for (const name of ['h1', 'h2']) {
    const node = aNode(name);
    await client.create(NODES, { ...node, metadata: { name } });
    await client.patch(NODES, undefined, name, { type: 'merge', body: { status: node.status } }, { subresource: 'status' });
    await client.create(LEASES, aLease(name, Date.now()));
  }
  const pod = aPodOn('h1', { name: 'web-1' });
  await client.create(PODS, { ...pod, metadata: { name: 'web-1', namespace: 'default' } });
  await client.patch(PODS, 'default', 'web-1', { type: 'merge', body: { status: pod.status } }, { subresource: 'status' });
  // h2's agent keeps beating; h1's is silent from now on.
  const beat = setInterval(() => {
    const body = { spec: { renewTime: aLease('h2', Date.now()).spec.renewTime } };
    client.patch(LEASES, 'kube-node-lease', 'h2', { type: 'merge', body }).catch(() => {});
  }, 100);
  t.after(() => clearInterval(beat));

  await eventually(async () => readyOf(await client.get(NODES, undefined, 'h1')) === 'Unknown', 'h1 Ready=Unknown', ROUNDS);
  await eventually(async () => ((await client.get(NODES, undefined, 'h1')).spec.taints ?? []).length === 2, 'h1 tainted', ROUNDS);
  await eventually(async () => (await client.list(PODS)).items.every((p) => p.metadata.name !== 'web-1'), 'web-1 evicted', ROUNDS);
  const h2 = await client.get(NODES, undefined, 'h2');
  assert.equal(readyOf(h2), 'True');
  assert.deepEqual(h2.spec.taints ?? [], []);
});
