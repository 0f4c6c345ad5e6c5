import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aConfigMap, aDeployment, aPod, startFixture } from './helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';

describe('create, get, update, delete', () => {
  it('round-trips a ConfigMap with server-managed metadata', async (t) => {
    const f = await startFixture(t);
    const created = await f.call('POST', `${CM}?fieldManager=kubectl-create&fieldValidation=Strict`, aConfigMap('cfg'));
    assert.equal(created.statusCode, 201);
    const meta = created.json.metadata;
    assert.equal(meta.namespace, 'default');
    assert.equal(meta.generation, 1);
    assert.equal(meta.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.match(meta.uid, /^[0-9a-f-]{36}$/);
    assert.match(meta.resourceVersion, /^\d+$/);

    const got = await f.call('GET', `${CM}/cfg`);
    assert.deepEqual(got.json, created.json);

    const replaced = await f.call('PUT', `${CM}/cfg`, { ...got.json, data: { a: '2' } });
    assert.equal(replaced.statusCode, 200);
    assert.equal(replaced.json.data.a, '2');
    assert.ok(Number(replaced.json.metadata.resourceVersion) > Number(meta.resourceVersion));
    assert.equal(replaced.json.metadata.uid, meta.uid);

    const deleted = await f.call('DELETE', `${CM}/cfg`, { propagationPolicy: 'Background' });
    assert.equal(deleted.statusCode, 200);
    assert.deepEqual(deleted.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200,
      details: { name: 'cfg', kind: 'configmaps', uid: meta.uid },
    });
    assert.equal((await f.call('GET', `${CM}/cfg`)).statusCode, 404);
  });

  it('takes the namespace from the URL and rejects a different one in the body', async (t) => {
    const f = await startFixture(t);
    const cm = { ...aConfigMap('x'), metadata: { name: 'x', namespace: 'kube-system' } };
    const res = await f.call('POST', CM, cm);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.reason, 'BadRequest');
  });

  it('refuses objects in a namespace that does not exist', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', '/api/v1/namespaces/nosuch/configmaps', aConfigMap('x'));
    assert.equal(res.statusCode, 404);
    assert.equal(res.json.message, 'namespaces "nosuch" not found');
  });

  it('creates the system namespaces at start', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('GET', '/api/v1/namespaces');
    assert.deepEqual(res.json.items.map((n: any) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('resolves generateName with a random suffix', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } });
    assert.equal(res.statusCode, 201);
    assert.match(res.json.metadata.name, /^cfg-[a-z0-9]{5}$/);
  });

  it('answers 422 Invalid when neither name nor generateName is given', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json.reason, 'Invalid');
    assert.equal(res.json.details.causes[0].field, 'metadata.name');
  });

  it('serves cluster-scoped resources without a namespace', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json.metadata.namespace, undefined);
    assert.equal((await f.call('GET', '/api/v1/namespaces/team-a')).statusCode, 200);
  });

  it('dryRun=All validates without writing', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', `${CM}?dryRun=All`, aConfigMap('dry'));
    assert.equal(res.statusCode, 201);
    assert.equal((await f.call('GET', `${CM}/dry`)).statusCode, 404);
    await f.call('POST', CM, aConfigMap('real'));
    const put = await f.call('PUT', `${CM}/real?dryRun=All`, { ...aConfigMap('real', { a: 'dry' }) });
    assert.equal(put.json.data.a, 'dry');
    assert.equal((await f.call('GET', `${CM}/real`)).json.data.a, '1');
    const del = await f.call('DELETE', `${CM}/real?dryRun=All`);
    assert.equal(del.statusCode, 200);
    assert.equal((await f.call('GET', `${CM}/real`)).statusCode, 200);
  });

  it('does not write (or bump resourceVersion) when an update changes nothing', async (t) => {
    const f = await startFixture(t);
    const created = (await f.call('POST', CM, aConfigMap('same'))).json;
    const again = await f.call('PUT', `${CM}/same`, created);
    assert.equal(again.json.metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('ignores a changed creationTimestamp and refuses a changed uid', async (t) => {
    const f = await startFixture(t);
    const created = (await f.call('POST', CM, aConfigMap('keep'))).json;
    const moved = { ...created, metadata: { ...created.metadata, creationTimestamp: '1999-01-01T00:00:00Z' }, data: { b: '2' } };
    const res = await f.call('PUT', `${CM}/keep`, moved);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json.metadata.creationTimestamp, created.metadata.creationTimestamp);
    const forged = { ...res.json, metadata: { ...res.json.metadata, uid: 'forged' } };
    assert.equal((await f.call('PUT', `${CM}/keep`, forged)).statusCode, 422);
  });

  it('returns the pod itself when a pod is deleted', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', '/api/v1/namespaces/default/pods', aPod('p1'));
    const res = await f.call('DELETE', '/api/v1/namespaces/default/pods/p1');
    assert.equal(res.json.kind, 'Pod');
  });

  it('stores ownerReferences and annotations verbatim', async (t) => {
    const f = await startFixture(t);
    const d = aDeployment('web');
    d.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' };
    d.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u1', controller: true }];
    const res = await f.call('POST', '/apis/apps/v1/namespaces/default/deployments', d);
    assert.deepEqual(res.json.metadata.annotations, d.metadata.annotations);
    assert.deepEqual(res.json.metadata.ownerReferences, d.metadata.ownerReferences);
  });
});
