import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aConfigMap, aPod, startFixture } from './helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';
const MERGE = { 'content-type': 'application/merge-patch+json' };

describe('DELETE with finalizers and propagation', () => {
  it('marks an object with finalizers and deletes it once they are removed', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, { ...aConfigMap('fin'), metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    const marked = await f.call('DELETE', `${CM}/fin`);
    assert.equal(marked.statusCode, 200);
    assert.equal(marked.json.metadata.deletionTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(marked.json.metadata.deletionGracePeriodSeconds, 0);
    assert.equal((await f.call('GET', `${CM}/fin`)).statusCode, 200);

    const released = await f.call('PATCH', `${CM}/fin`, { metadata: { finalizers: null } }, MERGE);
    assert.equal(released.statusCode, 200, released.body);
    assert.equal((await f.call('GET', `${CM}/fin`)).statusCode, 404);
  });

  it('adds foregroundDeletion for Foreground and orphan for Orphan (body or query)', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, aConfigMap('fg'));
    await f.call('POST', CM, aConfigMap('or'));
    const fg = await f.call('DELETE', `${CM}/fg`, { propagationPolicy: 'Foreground' });
    assert.deepEqual(fg.json.metadata.finalizers, ['foregroundDeletion']);
    assert.ok(fg.json.metadata.deletionTimestamp);
    const or = await f.call('DELETE', `${CM}/or?propagationPolicy=Orphan`);
    assert.deepEqual(or.json.metadata.finalizers, ['orphan']);
  });

  it('deletes at once with Background', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, aConfigMap('bg'));
    await f.call('DELETE', `${CM}/bg`, { propagationPolicy: 'Background' });
    assert.equal((await f.call('GET', `${CM}/bg`)).statusCode, 404);
  });

  it('checks uid and resourceVersion preconditions', async (t) => {
    const f = await startFixture(t);
    const created = (await f.call('POST', CM, aConfigMap('pre'))).json;
    const wrongUid = await f.call('DELETE', `${CM}/pre`, { preconditions: { uid: 'other' } });
    assert.equal(wrongUid.statusCode, 409);
    const wrongRv = await f.call('DELETE', `${CM}/pre`, { preconditions: { resourceVersion: '1' } });
    assert.equal(wrongRv.statusCode, 409);
    const ok = await f.call('DELETE', `${CM}/pre`, { preconditions: { uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion } });
    assert.equal(ok.statusCode, 200);
  });

  it('answers 404 for a missing object', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('DELETE', `${CM}/nosuch`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json.message, 'configmaps "nosuch" not found');
  });

  it('deletes a collection by label selector', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, aConfigMap('a', {}, { app: 'x' }));
    await f.call('POST', CM, aConfigMap('b', {}, { app: 'x' }));
    await f.call('POST', CM, aConfigMap('c', {}, { app: 'y' }));
    const res = await f.call('DELETE', `${CM}?labelSelector=app%3Dx`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json.items.map((i: any) => i.metadata.name), ['a', 'b']);
    const left = await f.call('GET', CM);
    assert.deepEqual(left.json.items.map((i: any) => i.metadata.name), ['c']);
  });

  it('marks a namespace Terminating while it has spec.finalizers', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' }, spec: { finalizers: ['kubernetes'] } });
    const res = await f.call('DELETE', '/api/v1/namespaces/team');
    assert.equal(res.json.status.phase, 'Terminating');
    const refused = await f.call('POST', '/api/v1/namespaces/team/configmaps', aConfigMap('x'));
    assert.equal(refused.statusCode, 403);
    const ns = (await f.call('GET', '/api/v1/namespaces/team')).json;
    const finalized = await f.call('PUT', '/api/v1/namespaces/team/finalize', { ...ns, spec: { finalizers: [] } });
    assert.equal(finalized.statusCode, 200, finalized.body);
    assert.equal((await f.call('GET', '/api/v1/namespaces/team')).statusCode, 404);
  });
});

describe('pod graceful deletion', () => {
  it('deletes an unbound pod at once', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p'));
    await f.call('DELETE', `${PODS}/p`);
    assert.equal((await f.call('GET', `${PODS}/p`)).statusCode, 404);
  });

  it('keeps a bound pod with deletionTimestamp = now + grace until deleted with grace 0', async (t) => {
    const f = await startFixture(t);
    const pod = aPod('p', { node: 'n1' });
    pod.spec.terminationGracePeriodSeconds = 10;
    await f.call('POST', PODS, pod);
    const marked = await f.call('DELETE', `${PODS}/p`, { propagationPolicy: 'Background' });
    assert.equal(marked.json.metadata.deletionTimestamp, '2026-01-01T00:00:10Z');
    assert.equal(marked.json.metadata.deletionGracePeriodSeconds, 10);
    const again = await f.call('DELETE', `${PODS}/p`);
    assert.equal(again.json.metadata.resourceVersion, marked.json.metadata.resourceVersion);
    const gone = await f.call('DELETE', `${PODS}/p`, { gracePeriodSeconds: 0 });
    assert.equal(gone.statusCode, 200);
    assert.equal((await f.call('GET', `${PODS}/p`)).statusCode, 404);
  });

  it('honours gracePeriodSeconds from the query and a shorter grace on a second delete', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p', { node: 'n1' }));
    const first = await f.call('DELETE', `${PODS}/p?gracePeriodSeconds=60`);
    assert.equal(first.json.metadata.deletionGracePeriodSeconds, 60);
    const shorter = await f.call('DELETE', `${PODS}/p?gracePeriodSeconds=5`);
    assert.equal(shorter.json.metadata.deletionGracePeriodSeconds, 5);
    assert.equal(shorter.json.metadata.deletionTimestamp, '2026-01-01T00:00:05Z');
  });

  it('deletes a bound pod at once with gracePeriodSeconds 0 (--force)', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', PODS, aPod('p', { node: 'n1' }));
    await f.call('DELETE', `${PODS}/p`, { gracePeriodSeconds: 0, propagationPolicy: 'Background' });
    assert.equal((await f.call('GET', `${PODS}/p`)).statusCode, 404);
  });
});
