import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseApiPath } from '../../../src/apiserver/http/path.js';

function summary(url: string): unknown {
  const p = parseApiPath(url);
  if (!p) return undefined;
  if (p.type !== 'resource') return p;
  return { resource: p.resource.resource, namespace: p.namespace, name: p.name, subresource: p.subresource };
}

describe('API path parsing', () => {
  const cases: Array<[string, unknown]> = [
    ['/api/v1', { type: 'group-version', group: '', version: 'v1' }],
    ['/apis/apps/v1', { type: 'group-version', group: 'apps', version: 'v1' }],
    ['/apis/apps', { type: 'group', group: 'apps' }],
    ['/api/v1/namespaces/default/pods?limit=500', { resource: 'pods', namespace: 'default', name: undefined, subresource: undefined }],
    ['/api/v1/namespaces/default/pods/p1/log', { resource: 'pods', namespace: 'default', name: 'p1', subresource: 'log' }],
    ['/api/v1/pods', { resource: 'pods', namespace: undefined, name: undefined, subresource: undefined }],
    ['/api/v1/namespaces', { resource: 'namespaces', namespace: undefined, name: undefined, subresource: undefined }],
    ['/api/v1/namespaces/foo', { resource: 'namespaces', namespace: undefined, name: 'foo', subresource: undefined }],
    // §1.1: not a namespaced resource → namespace foo's own subresource
    ['/api/v1/namespaces/foo/status', { resource: 'namespaces', namespace: undefined, name: 'foo', subresource: 'status' }],
    ['/api/v1/namespaces/foo/finalize', { resource: 'namespaces', namespace: undefined, name: 'foo', subresource: 'finalize' }],
    ['/api/v1/nodes/n1/status', { resource: 'nodes', namespace: undefined, name: 'n1', subresource: 'status' }],
    ['/apis/apps/v1/namespaces/default/deployments/web/scale', { resource: 'deployments', namespace: 'default', name: 'web', subresource: 'scale' }],
    ['/api/v1/namespaces/a/pods/my.pod%3Ax', { resource: 'pods', namespace: 'a', name: 'my.pod:x', subresource: undefined }],
  ];
  for (const [url, expected] of cases) {
    it(url, () => assert.deepEqual(summary(url), expected));
  }

  for (const url of [
    '/api', '/api/v2', '/apis/nosuch/v1', '/api/v1/nosuch', '/api/v1/pods/p1', '/api/v1/namespaces/default/pods/p1/nosuch',
    '/apis/apps/v1/namespaces/x', '/api/v1/namespaces/default/pods/p1/log/extra', '/api/v1/configmaps/x/%E0%A4%A',
  ]) {
    it(`${url} is not found`, () => assert.equal(parseApiPath(url), undefined));
  }
});
