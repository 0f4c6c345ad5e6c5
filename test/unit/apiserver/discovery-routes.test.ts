import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE, aggregatedDiscovery } from '../../../src/apiserver/discovery/index.js';
import { startFixture } from './helpers.js';

const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery routes', () => {
  it('serves legacy /api and /apis as plain JSON', async (t) => {
    const f = await startFixture(t);
    const api = await f.call('GET', '/api?timeout=32s', undefined, { accept: 'application/json, */*' });
    assert.equal(api.statusCode, 200);
    assert.equal(api.headers['content-type'], 'application/json');
    assert.equal(api.json.kind, 'APIVersions');
    const apis = await f.call('GET', '/apis', undefined, { accept: 'application/json, */*' });
    assert.equal(apis.json.kind, 'APIGroupList');
    assert.ok(apis.json.groups.some((g: any) => g.name === 'apps'));
  });

  it('answers the aggregated Accept with the aggregated Content-Type when available', async (t) => {
    const f = await startFixture(t);
    const res = await f.call('GET', '/apis?timeout=32s', undefined, { accept: AGGREGATED_ACCEPT });
    if (aggregatedDiscovery('apis') === undefined) {
      assert.equal(res.headers['content-type'], 'application/json');
    } else {
      assert.equal(res.headers['content-type'], AGGREGATED_DISCOVERY_CONTENT_TYPE);
      assert.equal(res.json.kind, 'APIGroupDiscoveryList');
    }
  });

  it('serves group versions with their subresources, and the group', async (t) => {
    const f = await startFixture(t);
    const apps = await f.call('GET', '/apis/apps/v1');
    assert.equal(apps.json.kind, 'APIResourceList');
    assert.ok(apps.json.resources.some((r: any) => r.name === 'deployments/scale'));
    const core = await f.call('GET', '/api/v1');
    assert.ok(core.json.resources.some((r: any) => r.name === 'pods/log'));
    const group = await f.call('GET', '/apis/apps');
    assert.equal(group.json.kind, 'APIGroup');
    assert.equal(group.json.name, 'apps');
    assert.equal((await f.call('GET', '/apis/nosuch/v1')).statusCode, 404);
  });

  it('requires authentication for discovery but not for /version', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('GET', '/api', undefined, { authorization: '' })).statusCode, 401);
    assert.equal((await f.call('GET', '/version', undefined, { authorization: '' })).statusCode, 200);
  });

  it('serves /openapi/v3 documents and an empty protobuf /openapi/v2', async (t) => {
    const f = await startFixture(t);
    const root = await f.call('GET', '/openapi/v3?timeout=32s');
    assert.equal(root.statusCode, 200);
    assert.ok(root.json.paths);
    const doc = await f.call('GET', '/openapi/v3/apis/apps/v1');
    assert.equal(doc.statusCode, 200);
    assert.ok(doc.headers.etag);
    const v2 = await f.call('GET', '/openapi/v2?timeout=32s', undefined, { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.equal(v2.statusCode, 200);
    assert.equal(v2.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(v2.body, '');
    assert.equal((await f.call('GET', '/openapi/v3/apis/nosuch/v1')).statusCode, 404);
  });
});
