import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aConfigMap, aDeployment, startFixture } from './helpers.js';

const CM = '/api/v1/namespaces/default/configmaps';

describe('Status errors (kubernetes-api.md §1.4)', () => {
  it('404 for a missing core object', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('GET', '/api/v1/namespaces/default/pods/nosuch');
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods "nosuch" not found', reason: 'NotFound', details: { name: 'nosuch', kind: 'pods' }, code: 404,
    });
  });

  it('404 for a missing object of a named group', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('GET', '/apis/apps/v1/namespaces/default/deployments/web');
    assert.equal(res.json.message, 'deployments.apps "web" not found');
    assert.deepEqual(res.json.details, { name: 'web', group: 'apps', kind: 'deployments' });
  });

  it('404 for an unknown path or resource', async (t) => {
    const f = await startFixture(t);
    for (const url of ['/api/v1/nosuch', '/apis/nosuch.io/v1/things', '/nothing/here', '/openapi/v3/apis/nosuch/v1']) {
      const res = await f.call('GET', url);
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404,
      });
    }
  });

  it('409 AlreadyExists on a second create', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, aConfigMap('cfg'));
    const res = await f.call('POST', CM, aConfigMap('cfg'));
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps "cfg" already exists', reason: 'AlreadyExists', details: { name: 'cfg', kind: 'configmaps' }, code: 409,
    });
  });

  it('409 Conflict on a PUT with a stale resourceVersion', async (t) => {
    const f = await startFixture(t);
    const created = (await f.call('POST', CM, aConfigMap('cfg'))).json;
    await f.call('PUT', `${CM}/cfg`, { ...created, data: { a: '2' } });
    const res = await f.call('PUT', `${CM}/cfg`, { ...created, data: { a: '3' } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict', details: { name: 'cfg', kind: 'configmaps' }, code: 409,
    });
  });

  it('422 Invalid names the Kind and the field', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name' }, spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json.reason, 'Invalid');
    assert.equal(res.json.details.kind, 'Pod');
    assert.equal(res.json.details.causes[0].field, 'metadata.name');
  });

  it('401 Unauthorized without a valid token; /version stays anonymous', async (t) => {
    const f = await startFixture(t);
    for (const authorization of ['', 'Bearer wrong', 'Basic abc']) {
      const res = await f.call('GET', '/api/v1/namespaces', undefined, { authorization });
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', details: {}, code: 401 });
    }
    const version = await f.call('GET', '/version?timeout=5s', undefined, { authorization: '' });
    assert.equal(version.statusCode, 200);
    assert.equal(version.json.minor, '32');
    assert.equal((await f.call('GET', '/healthz', undefined, { authorization: '' })).statusCode, 200);
  });

  it('405 for verbs a path does not support', async (t) => {
    const f = await startFixture(t);
    for (const [method, url] of [['PUT', CM], ['POST', `${CM}/x`], ['DELETE', '/api/v1/namespaces/default/pods/p/status'], ['POST', '/api/v1/pods']]) {
      const res = await f.call(method, url, aConfigMap('x'));
      assert.equal(res.statusCode, 405, `${method} ${url}`);
      assert.equal(res.json.reason, 'MethodNotAllowed');
    }
  });

  it('415 for an unknown patch type', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', CM, aConfigMap('cfg'));
    const res = await f.call('PATCH', `${CM}/cfg`, { data: {} }, { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 415);
    assert.equal(res.json.reason, 'UnsupportedMediaType');
  });
});

describe('bad request bodies never hurt the server', () => {
  const bad: Array<[string, string | Buffer, Record<string, string>, number]> = [
    ['malformed JSON', '{"apiVersion": "v1", ', {}, 400],
    ['a JSON array', '[1,2,3]', {}, 400],
    ['a JSON string', '"hello"', {}, 400],
    ['YAML garbage', 'a: [b\n  - : :', { 'content-type': 'application/yaml' }, 400],
    ['an empty body', '', {}, 400],
    ['a wrong kind', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }), {}, 400],
    ['a wrong apiVersion', JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }), {}, 400],
    ['metadata that is not an object', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }), {}, 400],
    ['an unknown media type', 'x', { 'content-type': 'application/x-whatever' }, 415],
    // 400 or 415 depending on the decoder: any 4xx Status will do.
    ['a protobuf body that does not decode', 'k8s\u0000garbage', { 'content-type': 'application/vnd.kubernetes.protobuf' }, 0],
  ];
  for (const [name, body, headers, code] of bad) {
    it(`${name} → ${code || '4xx'} Status`, async (t) => {
      const f = await startFixture(t);
      const res = await f.call('POST', CM, body, headers);
      assert.equal(res.statusCode >= 400 && res.statusCode < 500, true, `${res.statusCode} ${res.body}`);
      if (code !== 0) assert.equal(res.statusCode, code);
      assert.equal(res.json.kind, 'Status');
      assert.equal(res.json.status, 'Failure');
      assert.equal((await f.call('GET', '/api/v1/namespaces/default')).statusCode, 200);
    });
  }

  it('a body over the limit → 413 Status', async (t) => {
    const f = await startFixture(t, { bodyLimitBytes: 1024 });
    const res = await f.call('POST', CM, aConfigMap('big', { a: 'x'.repeat(4096) }));
    assert.equal(res.statusCode, 413);
    assert.equal(res.json.reason, 'RequestEntityTooLarge');
    assert.equal((await f.call('GET', '/api/v1/namespaces/default')).statusCode, 200);
  });

  it('accepts YAML bodies and bodies without a Content-Type', async (t) => {
    const f = await startFixture(t);
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n';
    assert.equal((await f.call('POST', CM, yaml, { 'content-type': 'application/yaml' })).statusCode, 201);
    const bare = await f.call('POST', '/apis/apps/v1/namespaces/default/deployments', JSON.stringify(aDeployment('web')), { 'content-type': '' });
    assert.equal(bare.statusCode, 201);
  });

  it('answers JSON to clients that prefer protobuf', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('GET', '/api/v1/namespaces/default', undefined, { accept: 'application/vnd.kubernetes.protobuf,application/json' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/json');
  });
});
