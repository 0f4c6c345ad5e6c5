import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KUBECTL_132_BODIES } from '../protobuf/fixtures/kubectl-1.32-bodies.js';
import { aConfigMap, aPod, startFixture } from './helpers.js';

const PROTOBUF = { 'content-type': 'application/vnd.kubernetes.protobuf' };

describe('create assigns uid before admission', () => {
  it('a POSTed Job gets a selector on its own controller-uid', async (t) => {
    const f = await startFixture(t);
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    };
    const res = await f.call('POST', '/apis/batch/v1/namespaces/default/jobs', job);
    assert.equal(res.statusCode, 201, res.body);
    const uid = res.json.metadata.uid;
    assert.match(uid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(res.json.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    assert.equal(res.json.spec.template.metadata.labels['batch.kubernetes.io/controller-uid'], uid);
    assert.equal(res.json.metadata.creationTimestamp, '2026-01-01T00:00:00Z');
    const got = await f.call('GET', '/apis/batch/v1/namespaces/default/jobs/pi');
    assert.deepEqual(got.json.spec.selector, res.json.spec.selector);
  });
});

describe('DELETE with a protobuf DeleteOptions body (kubectl drain --disable-eviction)', () => {
  it('decodes the body instead of failing on it as JSON', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('POST', '/api/v1/namespaces/default/pods', aPod('p1'))).statusCode, 201);
    const body = Buffer.from(KUBECTL_132_BODIES.drainDisableEviction.base64, 'base64');
    const res = await f.call('DELETE', '/api/v1/namespaces/default/pods/p1', body, PROTOBUF);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await f.call('GET', '/api/v1/namespaces/default/pods/p1')).statusCode, 404);
  });

  it('honours the grace period it carries', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('POST', '/api/v1/namespaces/default/pods', aPod('p1', { node: 'n1' }))).statusCode, 201);
    const body = Buffer.from(KUBECTL_132_BODIES.drainDisableEvictionGracePeriod.base64, 'base64');
    const res = await f.call('DELETE', '/api/v1/namespaces/default/pods/p1', body, PROTOBUF);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json.metadata.deletionGracePeriodSeconds, 5);
  });

  it('still answers 400 for a protobuf body that is not protobuf', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('POST', '/api/v1/namespaces/default/configmaps', aConfigMap('c'))).statusCode, 201);
    const res = await f.call('DELETE', '/api/v1/namespaces/default/configmaps/c', '{"propagationPolicy":"Background"}', PROTOBUF);
    assert.equal(res.statusCode, 400);
  });
});
