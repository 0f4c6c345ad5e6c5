import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeRequest, forbiddenMessage, requestAttributes } from '../../../src/apiserver/authorization.js';
import { isApiError } from '../../../src/api/errors.js';
import type { Authorizer } from '../../../src/apiserver/types.js';

const user = { user: 'alice', groups: ['dev'] };

describe('requestAttributes', () => {
  const cases: Array<[method: string, url: string, expected: Record<string, unknown>]> = [
    ['GET', '/api/v1/namespaces/team/pods', { verb: 'list', resource: 'pods', namespace: 'team', apiGroup: '', apiVersion: 'v1', resourceRequest: true }],
    ['GET', '/api/v1/namespaces/team/pods/web', { verb: 'get', resource: 'pods', namespace: 'team', name: 'web' }],
    ['GET', '/api/v1/namespaces/team/pods?watch=true&resourceVersion=5', { verb: 'watch', resource: 'pods', namespace: 'team' }],
    ['GET', '/api/v1/pods?watch=1', { verb: 'watch', resource: 'pods', namespace: undefined }],
    ['GET', '/api/v1/namespaces/team/pods?watch=false', { verb: 'list' }],
    ['HEAD', '/api/v1/namespaces/team/pods/web', { verb: 'get' }],
    ['POST', '/apis/apps/v1/namespaces/team/deployments', { verb: 'create', apiGroup: 'apps', resource: 'deployments' }],
    ['PUT', '/apis/apps/v1/namespaces/team/deployments/web/scale', { verb: 'update', resource: 'deployments', subresource: 'scale', name: 'web' }],
    ['PATCH', '/api/v1/namespaces/team/pods/web/status', { verb: 'patch', subresource: 'status' }],
    ['DELETE', '/api/v1/namespaces/team/pods/web', { verb: 'delete', name: 'web' }],
    ['DELETE', '/api/v1/namespaces/team/pods', { verb: 'deletecollection' }],
    ['GET', '/api/v1/namespaces/team/pods/web/log?follow=true', { verb: 'get', subresource: 'log' }],
    ['GET', '/api/v1/namespaces/team/pods/web/exec?command=sh&watch=true', { verb: 'create', subresource: 'exec' }],
    ['GET', '/api/v1/nodes/n1', { verb: 'get', resource: 'nodes', namespace: undefined, name: 'n1' }],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/system:basic-user', { verb: 'get', apiGroup: 'rbac.authorization.k8s.io', name: 'system:basic-user' }],
    ['GET', '/api/v1/namespaces/team', { verb: 'get', resource: 'namespaces', name: 'team', namespace: 'team' }],
    ['PUT', '/api/v1/namespaces/team/finalize', { verb: 'update', resource: 'namespaces', subresource: 'finalize', namespace: 'team' }],
    ['GET', '/api/v1/namespaces', { verb: 'list', resource: 'namespaces', namespace: undefined }],
  ];
  for (const [method, url, expected] of cases) {
    it(`${method} ${url}`, () => {
      const a = requestAttributes(method, url, user);
      assert.equal(a.user, user);
      for (const [field, value] of Object.entries(expected)) assert.equal(a[field as keyof typeof a], value, field);
      assert.equal(a.path, url.split('?')[0]);
    });
  }

  it('discovery, /version, /openapi and unknown paths are non-resource requests with the lower-cased method', () => {
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/openapi/v3', '/metrics', '/api/v1/nosuch']) {
      const a = requestAttributes('GET', `${path}?timeout=32s`, user);
      assert.equal(a.resourceRequest, false, path);
      assert.equal(a.verb, 'get');
      assert.equal(a.path, path);
      assert.equal(a.resource, '');
    }
    assert.equal(requestAttributes('POST', '/healthz', user).verb, 'post');
  });
});

describe('forbidden messages', () => {
  it('name the qualified resource, the subresource, the group (even the core one) and the namespace as kube-apiserver does', () => {
    const pods = requestAttributes('GET', '/api/v1/namespaces/team/pods', user);
    assert.equal(forbiddenMessage(pods, ''), 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "team"');
    const scale = requestAttributes('PATCH', '/apis/apps/v1/namespaces/team/deployments/web/scale', user);
    assert.equal(forbiddenMessage(scale, ''),
      'deployments.apps "web" is forbidden: User "alice" cannot patch resource "deployments/scale" in API group "apps" in the namespace "team"');
    const nodes = requestAttributes('DELETE', '/api/v1/nodes/n1', user);
    assert.equal(forbiddenMessage(nodes, 'RBAC: role.rbac.authorization.k8s.io "x" not found'),
      'nodes "n1" is forbidden: User "alice" cannot delete resource "nodes" in API group "" at the cluster scope: RBAC: role.rbac.authorization.k8s.io "x" not found');
    const path = requestAttributes('GET', '/metrics', user);
    assert.equal(forbiddenMessage(path, ''), 'forbidden: User "alice" cannot get path "/metrics"');
  });

  it('authorizeRequest passes allowed requests and throws a 403 Forbidden ApiError otherwise', async () => {
    const only = (verb: string): Authorizer => ({ authorize: (a) => (a.verb === verb ? { allowed: true } : { allowed: false, reason: 'nope' }) });
    const attributes = requestAttributes('GET', '/api/v1/namespaces/team/secrets', user);
    await authorizeRequest(only('list'), attributes);
    await assert.rejects(authorizeRequest(only('get'), attributes), (err: unknown) => {
      assert.ok(isApiError(err));
      assert.equal(err.code, 403);
      assert.equal(err.reason, 'Forbidden');
      assert.match(err.message, /^secrets is forbidden: .*: nope$/);
      return true;
    });
  });
});
