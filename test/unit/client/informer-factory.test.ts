import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByPath } from '../../../src/api/resources.js';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { createInformer } from '../../../src/client/informer.js';
import { createInformerFactory } from '../../../src/client/informer-factory.js';

const PODS = resourceByPath('', 'v1', 'pods')!;
const NODES = resourceByPath('', 'v1', 'nodes')!;

void test('controllers asking for the same type share one informer and one watch', async (t) => {
  const fake = createFakeClient([
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
  ]);
  const factory = createInformerFactory(fake);
  const forReplicaSets = factory.informerFor(PODS);
  const forEndpoints = factory.informerFor(PODS);
  const nodes = factory.informerFor(NODES);
  assert.equal(forReplicaSets, forEndpoints);
  assert.notEqual(factory.informerFor(PODS, { namespace: 'kube-system' }), forReplicaSets, 'a different selection is a different informer');
  const controller = new AbortController();
  t.after(() => controller.abort());
  factory.start(controller.signal);
  factory.start(controller.signal); // starting twice does not run an informer twice
  assert.equal(await factory.waitForSync(controller.signal), true);
  assert.equal(forReplicaSets.cache.size, 1);
  assert.equal(nodes.cache.get('n1')?.metadata.name, 'n1');
  const podLists = fake.actions().filter((a) => a.verb === 'list' && a.resource === 'pods' && a.namespace === undefined);
  assert.equal(podLists.length, 1);
});

void test('an informer with resyncMs re-delivers every cached object as an update on the clock', async (t) => {
  const clock = new FakeClock();
  const fake = createFakeClient([
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } },
  ]);
  const informer = createInformer(fake, NODES, { clock, resyncMs: 60_000 });
  const resynced: string[] = [];
  informer.addEventHandler({ onUpdate: (old, cur) => old === cur && resynced.push(cur.metadata.name!) });
  const controller = new AbortController();
  const running = informer.run(controller.signal);
  t.after(async () => {
    controller.abort();
    await running;
  });
  assert.equal(await informer.waitForSync(), true);
  clock.advance(59_999);
  assert.deepEqual(resynced, []);
  clock.advance(1);
  assert.deepEqual(resynced.sort(), ['n1', 'n2']);
  clock.advance(60_000);
  assert.equal(resynced.length, 4);
});
