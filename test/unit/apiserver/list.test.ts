import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aConfigMap, aPod, startFixture, type Fixture } from './helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

async function seed(f: Fixture, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await f.call('POST', CM, aConfigMap(`cm-${String(i).padStart(2, '0')}`, {}, { parity: i % 2 === 0 ? 'even' : 'odd' }));
    assert.equal(res.statusCode, 201);
  }
}

function names(res: { json: any }): string[] {
  return res.json.items.map((i: any) => i.metadata.name);
}

describe('LIST', () => {
  it('returns a typed list whose resourceVersion is the store revision', async (t) => {
    const f = await startFixture(t);
    await seed(f, 2);
    const res = await f.call('GET', `${CM}?limit=500`);
    assert.equal(res.json.kind, 'ConfigMapList');
    assert.equal(res.json.apiVersion, 'v1');
    assert.equal(res.json.metadata.resourceVersion, String(await f.store.currentRevision()));
    assert.equal(res.json.metadata.continue, undefined);
    assert.deepEqual(names(res), ['cm-00', 'cm-01']);
  });

  it('pages with limit and an opaque continue token over a consistent snapshot', async (t) => {
    const f = await startFixture(t);
    await seed(f, 5);
    const first = await f.call('GET', `${CM}?limit=2`);
    assert.deepEqual(names(first), ['cm-00', 'cm-01']);
    const token = first.json.metadata.continue;
    assert.ok(token);
    await f.call('POST', CM, aConfigMap('cm-03a')); // written after the first page: not in this snapshot
    const second = await f.call('GET', `${CM}?limit=2&continue=${encodeURIComponent(token)}`);
    assert.deepEqual(names(second), ['cm-02', 'cm-03']);
    assert.equal(second.json.metadata.resourceVersion, first.json.metadata.resourceVersion);
    const third = await f.call('GET', `${CM}?limit=2&continue=${encodeURIComponent(second.json.metadata.continue)}`);
    assert.deepEqual(names(third), ['cm-04']);
    assert.equal(third.json.metadata.continue, undefined);
  });

  it('fills a page with selector matches across store reads', async (t) => {
    const f = await startFixture(t);
    await seed(f, 6);
    const res = await f.call('GET', `${CM}?limit=2&labelSelector=parity%3Dodd`);
    assert.deepEqual(names(res), ['cm-01', 'cm-03']);
    const next = await f.call('GET', `${CM}?limit=2&labelSelector=parity%3Dodd&continue=${encodeURIComponent(res.json.metadata.continue)}`);
    assert.deepEqual(names(next), ['cm-05']);
  });

  it('rejects a forged continue token with 400 and an expired one with 410', async (t) => {
    const f = await startFixture(t);
    await seed(f, 3);
    assert.equal((await f.call('GET', `${CM}?limit=1&continue=garbage`)).statusCode, 400);
    const first = await f.call('GET', `${CM}?limit=1`);
    for (let i = 0; i < 3; i++) await f.call('PUT', `${CM}/cm-02`, aConfigMap('cm-02', { v: String(i) }));
    await f.store.compact(await f.store.currentRevision());
    const expired = await f.call('GET', `${CM}?limit=1&continue=${encodeURIComponent(first.json.metadata.continue)}`);
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json.reason, 'Expired');
  });

  it('filters by label and field selectors; unsupported fields are a 400', async (t) => {
    const f = await startFixture(t);
    await seed(f, 4);
    assert.deepEqual(names(await f.call('GET', `${CM}?labelSelector=parity%20in%20(even)`)), ['cm-00', 'cm-02']);
    assert.deepEqual(names(await f.call('GET', `${CM}?fieldSelector=metadata.name%3Dcm-01`)), ['cm-01']);
    const bad = await f.call('GET', `${CM}?fieldSelector=spec.nodeName%3Dn1`);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.message, 'field label not supported: spec.nodeName');
    assert.equal((await f.call('GET', `${CM}?labelSelector=a%20b%20c`)).statusCode, 400);
  });

  it('lists across namespaces at /api/v1/pods and by spec.nodeName', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', '/api/v1/namespaces/default/pods', aPod('a', { node: 'n1' }));
    await f.call('POST', '/api/v1/namespaces/kube-system/pods', aPod('b', { node: 'n2' }));
    assert.deepEqual(names(await f.call('GET', '/api/v1/pods')), ['a', 'b']);
    assert.deepEqual(names(await f.call('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn2')), ['b']);
    assert.deepEqual(names(await f.call('GET', '/api/v1/namespaces/default/pods')), ['a']);
  });

  it('answers a Table when kubectl get asks for one', async (t) => {
    const f = await startFixture(t);
    await seed(f, 2);
    const res = await f.call('GET', `${CM}?limit=500`, undefined, { accept: TABLE_ACCEPT });
    assert.equal(res.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
    assert.equal(res.json.kind, 'Table');
    assert.equal(res.json.rows.length, 2);
    assert.equal(res.json.rows[0].object.kind, 'PartialObjectMetadata');
    assert.ok(res.json.columnDefinitions.length > 0);
    const none = await f.call('GET', `${CM}?includeObject=None`, undefined, { accept: TABLE_ACCEPT });
    assert.equal(none.json.rows[0].object, undefined);
    const single = await f.call('GET', `${CM}/cm-00`, undefined, { accept: TABLE_ACCEPT });
    assert.equal(single.json.rows.length, 1);
  });
});
