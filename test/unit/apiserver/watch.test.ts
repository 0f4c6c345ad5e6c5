import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { aConfigMap, startFixture, type Fixture } from './helpers.js';
import { openWatch, type WatchReader } from './watch-client.js';

const CM = '/api/v1/namespaces/default/configmaps';

async function listening(t: TestContext, options: { bookmarkIntervalMs?: number } = {}): Promise<{ f: Fixture; url: string }> {
  const f = await startFixture(t, options);
  const { url } = await f.server.listen({ host: '127.0.0.1', port: 0 });
  return { f, url };
}

async function watchOf(t: TestContext, url: string, path: string, headers?: Record<string, string>): Promise<WatchReader> {
  const w = await openWatch(url, path, headers);
  t.after(() => w.close());
  return w;
}

function summary(event: any): string {
  return `${event.type} ${event.object.metadata?.name ?? ''}`.trim();
}

describe('WATCH', () => {
  it('flushes headers at once and streams changes after the given resourceVersion', async (t) => {
    const { f, url } = await listening(t);
    await f.call('POST', CM, aConfigMap('before'));
    const list = await f.call('GET', CM);
    const w = await watchOf(t, url, `${CM}?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`);
    assert.equal(w.status, 200);
    assert.equal(w.contentType, 'application/json');
    await f.call('POST', CM, aConfigMap('after'));
    await f.call('PATCH', `${CM}/after`, { data: { x: 'y' } }, { 'content-type': 'application/merge-patch+json' });
    await f.call('DELETE', `${CM}/after`);
    const events = [await w.next(), await w.next(), await w.next()];
    assert.deepEqual(events.map(summary), ['ADDED after', 'MODIFIED after', 'DELETED after']);
    assert.equal(events[1].object.data.x, 'y');
    assert.ok(Number(events[2].object.metadata.resourceVersion) > Number(events[1].object.metadata.resourceVersion));
  });

  it('starts with synthetic ADDED events when resourceVersion is unset or 0', async (t) => {
    const { f, url } = await listening(t);
    await f.call('POST', CM, aConfigMap('a'));
    await f.call('POST', CM, aConfigMap('b'));
    const unset = await watchOf(t, url, `${CM}?watch=1`);
    assert.deepEqual([summary(await unset.next()), summary(await unset.next())], ['ADDED a', 'ADDED b']);
    await f.call('POST', CM, aConfigMap('c'));
    assert.equal(summary(await unset.next()), 'ADDED c');
    const zero = await watchOf(t, url, `${CM}?watch=true&resourceVersion=0`);
    assert.deepEqual([summary(await zero.next()), summary(await zero.next()), summary(await zero.next())], ['ADDED a', 'ADDED b', 'ADDED c']);
    await f.call('POST', CM, aConfigMap('d'));
    assert.equal(summary(await zero.next()), 'ADDED d');
  });

  it('filters by selectors, turning objects that stop matching into DELETED and ones that start into ADDED', async (t) => {
    const { f, url } = await listening(t);
    const rv = (await f.call('GET', CM)).json.metadata.resourceVersion;
    const w = await watchOf(t, url, `${CM}?watch=true&resourceVersion=${rv}&labelSelector=app%3Dweb`);
    await f.call('POST', CM, aConfigMap('other', {}, { app: 'db' }));
    await f.call('POST', CM, aConfigMap('web', {}, { app: 'web' }));
    const merge = { 'content-type': 'application/merge-patch+json' };
    await f.call('PATCH', `${CM}/web`, { metadata: { labels: { app: 'moved' } } }, merge);
    await f.call('PATCH', `${CM}/other`, { metadata: { labels: { app: 'web' } } }, merge);
    const events = [await w.next(), await w.next(), await w.next()];
    assert.deepEqual(events.map(summary), ['ADDED web', 'DELETED web', 'ADDED other']);
  });

  it('watches one object by fieldSelector metadata.name (kubectl get pod p -w)', async (t) => {
    const { f, url } = await listening(t);
    await f.call('POST', CM, aConfigMap('x'));
    await f.call('POST', CM, aConfigMap('y'));
    const w = await watchOf(t, url, `${CM}?fieldSelector=metadata.name%3Dy&resourceVersion=0&watch=true`);
    assert.equal(summary(await w.next()), 'ADDED y');
    await f.call('DELETE', `${CM}/x`);
    await f.call('DELETE', `${CM}/y`);
    assert.equal(summary(await w.next()), 'DELETED y');
  });

  it('sends a 410 Expired ERROR event and ends when the start revision was compacted', async (t) => {
    const { f, url } = await listening(t);
    for (let i = 0; i < 3; i++) await f.call('POST', CM, aConfigMap(`c${i}`));
    await f.store.compact(await f.store.currentRevision());
    const w = await watchOf(t, url, `${CM}?watch=true&resourceVersion=2`);
    const event = await w.next();
    assert.equal(event.type, 'ERROR');
    assert.equal(event.object.kind, 'Status');
    assert.equal(event.object.code, 410);
    assert.equal(event.object.reason, 'Expired');
    assert.match(event.object.message, /^too old resource version: 2 \(\d+\)$/);
    assert.equal(await w.next(), undefined);
  });

  it('ends the stream cleanly after timeoutSeconds', async (t) => {
    const { url } = await listening(t);
    const w = await watchOf(t, url, `${CM}?watch=true&timeoutSeconds=1`);
    assert.equal(await w.next(), undefined);
  });

  it('sends BOOKMARK events only when asked for', async (t) => {
    const { f, url } = await listening(t, { bookmarkIntervalMs: 20 });
    const rv = (await f.call('GET', CM)).json.metadata.resourceVersion;
    const w = await watchOf(t, url, `${CM}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`);
    const bookmark = await w.next();
    assert.deepEqual(bookmark, { type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: rv } } });

    const plain = await watchOf(t, url, `${CM}?watch=true&resourceVersion=${rv}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await f.call('POST', CM, aConfigMap('z'));
    assert.equal(summary(await plain.next()), 'ADDED z');
  });

  it('streams Table events with column definitions only on the first', async (t) => {
    const { f, url } = await listening(t);
    await f.call('POST', CM, aConfigMap('a'));
    const w = await watchOf(t, url, `${CM}?watch=true&resourceVersion=0`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(w.contentType, 'application/json;as=Table;v=v1;g=meta.k8s.io');
    const first = await w.next();
    assert.equal(first.object.kind, 'Table');
    assert.ok(first.object.columnDefinitions.length > 0);
    await f.call('POST', CM, aConfigMap('b'));
    const second = await w.next();
    assert.equal(second.type, 'ADDED');
    assert.deepEqual(second.object.columnDefinitions, []);
    assert.equal(second.object.rows[0].cells[0], 'b');
  });

  it('rejects a malformed resourceVersion before streaming', async (t) => {
    const { f } = await listening(t);
    const res = await f.call('GET', `${CM}?watch=true&resourceVersion=abc`);
    assert.equal(res.statusCode, 400);
  });
});
