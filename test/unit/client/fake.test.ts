import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflict } from '../../../src/api/errors.js';
import { resourceByPath } from '../../../src/api/resources.js';
import type { KubeObject, WatchEvent } from '../../../src/api/types.js';
import { FakeClock } from '../../../src/client/clock.js';
import { isAlreadyExists, isConflict, isNotFound } from '../../../src/client/errors.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { createInformer } from '../../../src/client/informer.js';
import type { WatchStream } from '../../../src/client/types.js';
import { eventually } from './support/test-server.js';

const PODS = resourceByPath('', 'v1', 'pods')!;
const DEPLOYMENTS = resourceByPath('apps', 'v1', 'deployments')!;

function aPod(name: string, opts: { nodeName?: string; labels?: Record<string, string>; finalizers?: string[] } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', ...(opts.labels ? { labels: opts.labels } : {}), ...(opts.finalizers ? { finalizers: opts.finalizers } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(opts.nodeName ? { nodeName: opts.nodeName } : {}) },
  };
}

async function take<T extends KubeObject>(stream: WatchStream<T>, n: number): Promise<WatchEvent<T>[]> {
  const out: WatchEvent<T>[] = [];
  if (n === 0) return out;
  for await (const event of stream) {
    out.push(event);
    if (out.length === n) break;
  }
  return out;
}

void test('every call is recorded with verb, resource, namespace, name, subresource and body', async () => {
  const fake = createFakeClient([aPod('a')]);
  await fake.get(PODS, 'default', 'a');
  await fake.list(PODS, { namespace: 'default' });
  await fake.create(PODS, aPod('b'));
  await fake.patch(PODS, 'default', 'b', { type: 'merge', body: { metadata: { labels: { x: '1' } } } });
  await fake.update(PODS, { ...aPod('b'), status: { phase: 'Running' } }, { subresource: 'status' });
  await fake.delete(PODS, 'default', 'a');
  const actions = fake.actions().map(({ verb, resource, namespace, name, subresource }) => ({ verb, resource, namespace, name, subresource }));
  assert.deepEqual(actions, [
    { verb: 'get', resource: 'pods', namespace: 'default', name: 'a', subresource: undefined },
    { verb: 'list', resource: 'pods', namespace: 'default', name: undefined, subresource: undefined },
    { verb: 'create', resource: 'pods', namespace: 'default', name: 'b', subresource: undefined },
    { verb: 'patch', resource: 'pods', namespace: 'default', name: 'b', subresource: undefined },
    { verb: 'update', resource: 'pods', namespace: 'default', name: 'b', subresource: 'status' },
    { verb: 'delete', resource: 'pods', namespace: 'default', name: 'a', subresource: undefined },
  ]);
  assert.deepEqual(fake.actions()[3].body, { metadata: { labels: { x: '1' } } });
  assert.equal(fake.actions()[3].patchType, 'merge');
  fake.clearActions();
  assert.deepEqual(fake.actions(), []);
});

void test('writes set uid, creationTimestamp, generation and increasing resourceVersions', async () => {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const fake = createFakeClient([], { clock });
  const created = await fake.create(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' }, spec: { replicas: 1 } });
  assert.equal(created.metadata.creationTimestamp, '2026-01-01T00:00:00.000Z');
  assert.equal(created.metadata.generation, 1);
  assert.ok(created.metadata.uid);
  const labelled = await fake.patch(DEPLOYMENTS, 'prod', 'web', { type: 'merge', body: { metadata: { labels: { a: 'b' } } } });
  assert.equal(labelled.metadata.generation, 1, 'metadata changes keep the generation');
  const scaled = await fake.patch(DEPLOYMENTS, 'prod', 'web', { type: 'json', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] });
  assert.equal(scaled.metadata.generation, 2);
  assert.ok(Number(scaled.metadata.resourceVersion) > Number(labelled.metadata.resourceVersion));
  assert.ok(Number(labelled.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
});

void test('missing, duplicate and stale writes fail with the apiserver messages', async () => {
  const fake = createFakeClient([aPod('a')]);
  await assert.rejects(() => fake.get(PODS, 'default', 'nope'), (err: unknown) => isNotFound(err) && (err as Error).message === 'pods "nope" not found');
  await assert.rejects(() => fake.create(PODS, aPod('a')), (err: unknown) => isAlreadyExists(err) && (err as Error).message === 'pods "a" already exists');
  const current = await fake.get(PODS, 'default', 'a');
  await fake.update(PODS, { ...current, metadata: { ...current.metadata, labels: { v: '2' } } });
  await assert.rejects(() => fake.update(PODS, current), (err: unknown) => isConflict(err)
    && (err as Error).message === 'Operation cannot be fulfilled on pods "a": the object has been modified; please apply your changes to the latest version and try again');
});

void test('list filters by label and field selectors and pages with limit/continue', async () => {
  const fake = createFakeClient([
    aPod('a', { nodeName: 'n1', labels: { app: 'web' } }), aPod('b', { labels: { app: 'db' } }), aPod('c', { nodeName: 'n1' }),
  ]);
  const names = async (o: Parameters<typeof fake.list>[1]) => (await fake.list(PODS, o)).items.map((p) => p.metadata.name);
  assert.deepEqual(await names({ labelSelector: 'app=web' }), ['a']);
  assert.deepEqual(await names({ labelSelector: 'app in (web,db)' }), ['a', 'b']);
  assert.deepEqual(await names({ labelSelector: '!app' }), ['c']);
  assert.deepEqual(await names({ fieldSelector: 'spec.nodeName=n1' }), ['a', 'c']);
  assert.deepEqual(await names({ fieldSelector: 'spec.nodeName=' }), ['b']);
  assert.deepEqual(await names({ fieldSelector: 'metadata.name!=a,metadata.namespace=default' }), ['b', 'c']);
  const first = await fake.list(PODS, { limit: 2 });
  assert.equal(first.items.length, 2);
  const rest = await fake.list(PODS, { limit: 2, continue: first.metadata.continue });
  assert.deepEqual(rest.items.map((p) => p.metadata.name), ['c']);
  assert.equal(rest.metadata.continue, undefined);
});

void test('strategic patches are applied as merge patches', async () => {
  const fake = createFakeClient([{ ...aPod('a'), metadata: { name: 'a', namespace: 'default', labels: { keep: '1', drop: '1' } } }]);
  const patched = await fake.patch(PODS, 'default', 'a', { type: 'strategic', body: { metadata: { labels: { drop: null, add: '1' } } } });
  assert.deepEqual(patched.metadata.labels, { keep: '1', add: '1' });
});

void test('the status subresource changes only status; the main resource keeps status', async () => {
  const fake = createFakeClient([aPod('a')]);
  const pod = await fake.get(PODS, 'default', 'a');
  await fake.update(PODS, { ...pod, spec: { changed: true }, status: { phase: 'Running' } }, { subresource: 'status' });
  const afterStatus = fake.peek(PODS, 'default', 'a')!;
  assert.deepEqual(afterStatus.status, { phase: 'Running' });
  assert.deepEqual(afterStatus.spec, pod.spec);
  await fake.update(PODS, { ...afterStatus, status: { phase: 'Failed' } });
  assert.deepEqual(fake.peek(PODS, 'default', 'a')!.status, { phase: 'Running' });
});

void test('finalizers delay deletion until the last one is removed', async () => {
  const fake = createFakeClient([aPod('a', { finalizers: ['tug/protect'] })]);
  const deleting = (await fake.delete(PODS, 'default', 'a')) as KubeObject;
  assert.ok(deleting.metadata.deletionTimestamp);
  assert.ok(fake.peek(PODS, 'default', 'a'));
  await fake.patch(PODS, 'default', 'a', { type: 'merge', body: { metadata: { finalizers: null } } });
  assert.equal(fake.peek(PODS, 'default', 'a'), undefined);
});

void test('pods/binding sets spec.nodeName once', async () => {
  const fake = createFakeClient([aPod('a')]);
  const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'a', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'n1' } };
  await fake.create(PODS, binding, { subresource: 'binding' });
  assert.equal(fake.peek(PODS, 'default', 'a')!.spec.nodeName, 'n1');
  await assert.rejects(() => fake.create(PODS, binding, { subresource: 'binding' }), (err: unknown) => isConflict(err));
});

void test('a reactor can fail chosen calls, and the call is still recorded', async () => {
  const fake = createFakeClient([aPod('a')]);
  fake.prependReactor((action) => {
    if (action.verb === 'update') throw conflict({ resource: 'pods' }, action.name!);
    return undefined;
  });
  await assert.rejects(() => fake.update(PODS, aPod('a')), (err: unknown) => isConflict(err));
  assert.equal(fake.actions().at(-1)!.verb, 'update');
  assert.equal(fake.peek(PODS, 'default', 'a')!.metadata.resourceVersion, '1', 'the store is untouched');
});

void test('watch without a resourceVersion starts with ADDED for existing objects', async () => {
  const fake = createFakeClient([aPod('a'), aPod('b')]);
  const stream = await fake.watch(PODS, {});
  assert.deepEqual((await take(stream, 2)).map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED a', 'ADDED b']);
});

void test('watch from a resourceVersion replays later changes, filtered by field selector transitions', async () => {
  const fake = createFakeClient([aPod('a'), aPod('b')]);
  const { metadata } = await fake.list(PODS);
  const stream = await fake.watch(PODS, { resourceVersion: metadata.resourceVersion, fieldSelector: 'spec.nodeName=n1' });
  await fake.patch(PODS, 'default', 'a', { type: 'merge', body: { spec: { nodeName: 'n1' } } });
  await fake.patch(PODS, 'default', 'a', { type: 'merge', body: { metadata: { labels: { x: 'y' } } } });
  await fake.patch(PODS, 'default', 'b', { type: 'merge', body: { metadata: { labels: { x: 'y' } } } });
  await fake.patch(PODS, 'default', 'a', { type: 'merge', body: { spec: { nodeName: 'n2' } } });
  const events = await take(stream, 3);
  assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED a', 'MODIFIED a', 'DELETED a']);
  stream.close();
});

void test('watch from a compacted resourceVersion gets a 410 ERROR event', async () => {
  const fake = createFakeClient([aPod('a')]);
  await fake.patch(PODS, 'default', 'a', { type: 'merge', body: { metadata: { labels: { x: 'y' } } } });
  fake.compact();
  const [event] = await take(await fake.watch(PODS, { resourceVersion: '1' }), 1);
  assert.equal(event.type, 'ERROR');
  assert.equal((event.object as unknown as { code: number }).code, 410);
});

void test('an informer over the fake relists after compaction and catches up', async (t) => {
  const fake = createFakeClient([aPod('a'), aPod('b')]);
  const informer = createInformer(fake, PODS, { backoff: { initialMs: 1, maxMs: 2 }, minHealthyWatchMs: 0 });
  const deleted: string[] = [];
  informer.addEventHandler({ onDelete: (o) => deleted.push(o.metadata.name!) });
  const controller = new AbortController();
  const running = informer.run(controller.signal);
  t.after(async () => {
    controller.abort();
    await running;
  });
  assert.equal(await informer.waitForSync(), true);
  await fake.create(PODS, aPod('c'));
  await eventually(() => informer.cache.size === 3, 'c arrives by watch');
  // Missed events: watches fail while b is deleted and the history compacted.
  let watchesFail = true;
  fake.prependReactor((a) => {
    if (a.verb === 'watch' && watchesFail) throw new Error('connection refused');
    return undefined;
  });
  fake.closeWatches();
  await fake.delete(PODS, 'default', 'b');
  fake.compact();
  watchesFail = false;
  await eventually(() => deleted.includes('b'), 'b deleted after relist');
  assert.deepEqual(informer.cache.keys().sort(), ['default/a', 'default/c']);
  assert.ok(fake.actions().filter((a) => a.verb === 'list').length >= 2);
});

void test('generateName gives a unique name', async () => {
  const fake = createFakeClient();
  const one = await fake.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', namespace: 'default' } });
  const two = await fake.create(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', namespace: 'default' } });
  assert.match(one.metadata.name!, /^web-/);
  assert.notEqual(one.metadata.name, two.metadata.name);
});
