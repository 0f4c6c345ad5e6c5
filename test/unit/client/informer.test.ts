import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByPath } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { byNodeName } from '../../../src/client/cache.js';
import { createHttpClient } from '../../../src/client/http-client.js';
import { createInformer, type Informer } from '../../../src/client/informer.js';
import { aPod, startPodServer, type PodServer } from './support/pod-server.js';
import { eventually } from './support/test-server.js';

const PODS = resourceByPath('', 'v1', 'pods')!;

interface Harness {
  server: PodServer;
  informer: Informer;
  events: string[];
  errors: unknown[];
}

/** A pod server with a and b, and a running informer over HTTP that logs its events. */
async function startInformer(t: TestContext, initial: KubeObject[] = [aPod('a'), aPod('b')]): Promise<Harness> {
  const server = await startPodServer();
  for (const pod of initial) server.put(pod);
  const client = createHttpClient({ server: server.url });
  const errors: unknown[] = [];
  const informer = createInformer(client, PODS, {
    backoff: { initialMs: 1, maxMs: 4 }, minHealthyWatchMs: 0, random: () => 0.5, indexers: { node: byNodeName }, onError: (err) => errors.push(err),
  });
  const events: string[] = [];
  const name = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  informer.addEventHandler({
    onAdd: (o) => events.push(`add ${name(o)}`),
    onUpdate: (old, o) => events.push(`update ${name(o)} ${old.metadata.resourceVersion}->${o.metadata.resourceVersion}`),
    onDelete: (o) => events.push(`delete ${name(o)}`),
  });
  const controller = new AbortController();
  const running = informer.run(controller.signal);
  t.after(async () => {
    controller.abort();
    await running;
    await client.close();
    await server.close();
  });
  assert.equal(await informer.waitForSync(), true);
  await eventually(() => server.watchCount() === 1, 'first watch connected');
  return { server, informer, events, errors };
}

void test('lists, then watches from the list resourceVersion with bookmarks', async (t) => {
  const { server, informer, events } = await startInformer(t);
  assert.equal(informer.hasSynced(), true);
  assert.deepEqual(events, ['add default/a', 'add default/b']);
  assert.equal(server.lists().length, 1);
  const watch = server.watches()[0];
  assert.equal(watch.query.get('resourceVersion'), '102');
  assert.equal(watch.query.get('allowWatchBookmarks'), 'true');
  assert.equal(informer.cache.get('default/a')?.kind, 'Pod', 'list items get their kind filled in');
});

void test('applies watch events to the cache and tells handlers', async (t) => {
  const { server, informer, events } = await startInformer(t);
  server.put(aPod('c', { nodeName: 'n1' }));
  server.put({ ...aPod('a'), metadata: { ...aPod('a').metadata, labels: { x: 'y' } } });
  server.remove('default', 'b');
  await eventually(() => events.length === 5, 'three more events');
  assert.deepEqual(events.slice(2), ['add default/c', 'update default/a 101->104', 'delete default/b']);
  assert.deepEqual(informer.cache.keys().sort(), ['default/a', 'default/c']);
  assert.deepEqual(informer.cache.byIndex('node', 'n1').map((o) => o.metadata.name), ['c']);
  assert.equal(informer.lastResourceVersion(), '105');
});

void test('a 410 ERROR event makes it relist and emit the differences it missed', async (t) => {
  const { server, informer, events } = await startInformer(t);
  events.length = 0;
  // Changes the informer never hears about, then the history is gone.
  server.put({ ...aPod('a'), spec: { containers: [], nodeName: 'n2' } }, { silent: true });
  server.remove('default', 'b', { silent: true });
  server.put(aPod('c'), { silent: true });
  server.expireWatches();
  await eventually(() => events.length === 3, 'relist diff');
  assert.deepEqual(events, ['delete default/b', 'update default/a 101->103', 'add default/c']);
  assert.equal(server.lists().length, 2);
  assert.deepEqual(informer.cache.keys().sort(), ['default/a', 'default/c']);
  assert.deepEqual(informer.cache.byIndex('node', 'n2').map((o) => o.metadata.name), ['a'], 'indexes follow the relist');
  await eventually(() => server.watches().length === 2, 'watch after relist');
  assert.equal(server.watches()[1].query.get('resourceVersion'), '104');
});

void test('a 410 answer to the watch request also makes it relist', async (t) => {
  const { server, errors } = await startInformer(t);
  server.refuseNextWatch(410);
  server.endWatches();
  await eventually(() => server.lists().length === 2, 'relist');
  assert.deepEqual(errors, [], 'a relist is routine, not an error');
});

void test('a watch ended by the server resumes from the last resourceVersion without relisting', async (t) => {
  const { server, events } = await startInformer(t);
  server.put(aPod('c'));
  await eventually(() => events.length === 3, 'event for c');
  server.endWatches();
  await eventually(() => server.watches().length === 2 && server.watchCount() === 1, 'second watch');
  assert.equal(server.watches()[1].query.get('resourceVersion'), '103');
  assert.equal(server.lists().length, 1);
  server.put(aPod('d'));
  await eventually(() => events.length === 4, 'events flow on the new watch');
});

void test('a BOOKMARK advances the resourceVersion used to resume', async (t) => {
  const { server, informer, events } = await startInformer(t);
  server.send({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '500' } } });
  await eventually(() => informer.lastResourceVersion() === '500', 'bookmark applied');
  server.endWatches();
  await eventually(() => server.watches().length === 2, 'second watch');
  assert.equal(server.watches()[1].query.get('resourceVersion'), '500');
  assert.equal(events.length, 2, 'a bookmark is not an object change');
});

void test('a failed watch is retried after back-off, from the same resourceVersion', async (t) => {
  const { server, errors } = await startInformer(t);
  server.refuseNextWatch(500);
  server.endWatches();
  await eventually(() => server.watches().length === 3 && server.watchCount() === 1, 'reconnected after the failure');
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /refused with 500/);
  assert.equal(server.watches()[2].query.get('resourceVersion'), '102');
  assert.equal(server.lists().length, 1);
});

void test('a handler added after sync is told about every cached object', async (t) => {
  const { informer } = await startInformer(t);
  const added: string[] = [];
  informer.addEventHandler({ onAdd: (o) => added.push(o.metadata.name!) });
  assert.deepEqual(added.sort(), ['a', 'b']);
});

void test('waitForSync gives false when its signal aborts before the first list', async () => {
  const client = createHttpClient({ server: 'http://127.0.0.1:9' });
  const informer = createInformer(client, PODS);
  const controller = new AbortController();
  const waiting = informer.waitForSync(controller.signal);
  controller.abort();
  assert.equal(await waiting, false);
  await client.close();
});
