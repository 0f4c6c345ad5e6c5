import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { aConfigMap, aDeployment, sqliteStore, startFixture } from './helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const DEP = '/apis/apps/v1/namespaces/default/deployments';
const N = 20;

for (const backend of ['memory', 'sqlite'] as const) {
const fixture = async (t: TestContext) => startFixture(t, backend === 'sqlite' ? { store: (await sqliteStore(t)).store } : {});

describe(`concurrent unconditional writes on the ${backend} store (retried inside the server, as GuaranteedUpdate)`, () => {
  it('20 concurrent PUTs without resourceVersion all succeed', async (t) => {
    const f = await fixture(t);
    assert.equal((await f.call('POST', CM, aConfigMap('hot'))).statusCode, 201);
    const results = await Promise.all(Array.from({ length: N }, (_, i) => f.call('PUT', `${CM}/hot`, aConfigMap('hot', { i: String(i) }))));
    assert.deepEqual(results.map((r) => r.statusCode), Array(N).fill(200));
    const rvs = new Set(results.map((r) => r.json.metadata.resourceVersion));
    assert.equal(rvs.size, N, 'each write produced its own revision');
  });

  it('20 concurrent patches without a resourceVersion all succeed and all apply', async (t) => {
    const f = await fixture(t);
    assert.equal((await f.call('POST', CM, aConfigMap('hot', {}))).statusCode, 201);
    const results = await Promise.all(Array.from({ length: N }, (_, i) => f.call('PATCH', `${CM}/hot`, { data: { [`k${i}`]: String(i) } }, { 'content-type': 'application/merge-patch+json' })));
    assert.deepEqual(results.map((r) => r.statusCode), Array(N).fill(200));
    const final = await f.call('GET', `${CM}/hot`);
    assert.equal(Object.keys(final.json.data).length, N, 'no patch was lost');
  });

  it('20 concurrent status writes and scale writes all succeed', async (t) => {
    const f = await fixture(t);
    assert.equal((await f.call('POST', DEP, aDeployment('web'))).statusCode, 201);
    const statuses = Promise.all(Array.from({ length: N }, (_, i) => f.call('PATCH', `${DEP}/web/status`, { status: { observedGeneration: i } }, { 'content-type': 'application/merge-patch+json' })));
    const scales = Promise.all(Array.from({ length: N }, (_, i) => f.call('PATCH', `${DEP}/web/scale`, { spec: { replicas: i } }, { 'content-type': 'application/merge-patch+json' })));
    const [a, b] = await Promise.all([statuses, scales]);
    assert.deepEqual(a.map((r) => r.statusCode), Array(N).fill(200));
    assert.deepEqual(b.map((r) => r.statusCode), Array(N).fill(200));
  });

  it('a stale resourceVersion is still a 409, never retried into success', async (t) => {
    const f = await fixture(t);
    const created = await f.call('POST', CM, aConfigMap('hot'));
    await f.call('PUT', `${CM}/hot`, aConfigMap('hot', { a: '2' }));
    const stale = { ...aConfigMap('hot', { a: '3' }), metadata: { name: 'hot', resourceVersion: created.json.metadata.resourceVersion } };
    assert.equal((await f.call('PUT', `${CM}/hot`, stale)).statusCode, 409);
  });
});
}
