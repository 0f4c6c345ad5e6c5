import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufObject } from '../../../src/api/protobuf/index.js';
import { envelope, message } from '../protobuf/encoder.js';

function decodeOk(body: Buffer): any {
  const r = decodeProtobufObject(body);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.object;
}

void test('a RoleBinding as `kubectl create rolebinding` sends it (protobuf)', () => {
  const raw = message([
    [1, message([[1, 'alice-view'], [3, 'team']])],
    [2, message([[1, 'User'], [2, 'rbac.authorization.k8s.io'], [3, 'alice']])],
    [2, message([[1, 'ServiceAccount'], [3, 'ci'], [4, 'team']])],
    [3, message([[1, 'rbac.authorization.k8s.io'], [2, 'ClusterRole'], [3, 'view']])],
  ]);
  assert.deepEqual(decodeOk(envelope('rbac.authorization.k8s.io/v1', 'RoleBinding', raw)), {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name: 'alice-view', namespace: 'team' },
    subjects: [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'team' },
    ],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
  });
});

void test('a ClusterRole with rules and non-resource URLs (protobuf)', () => {
  const raw = message([
    [1, message([[1, 'reader']])],
    [2, message([[1, ['get', 'list']], [2, ['']], [3, ['pods', 'pods/log']], [4, ['web']]])],
    [2, message([[1, ['get']], [5, ['/healthz']]])],
  ]);
  assert.deepEqual(decodeOk(envelope('rbac.authorization.k8s.io/v1', 'ClusterRole', raw)).rules, [
    { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: ['web'] },
    { verbs: ['get'], nonResourceURLs: ['/healthz'] },
  ]);
});

void test('a SelfSubjectAccessReview as `kubectl auth can-i` sends it (protobuf)', () => {
  const raw = message([
    [1, message([])],
    [2, message([[1, message([[1, 'team'], [2, 'create'], [3, 'apps'], [5, 'deployments']])]])],
  ]);
  const review = decodeOk(envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', raw));
  assert.deepEqual(review.spec, { resourceAttributes: { namespace: 'team', verb: 'create', group: 'apps', resource: 'deployments' } });
});
