import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADVERTISED_PATCH_CONTENT_TYPES, openapiV2Empty, openapiV3Document, openapiV3Hash, openapiV3Root,
} from '../../../src/apiserver/discovery/index.js';
import { RESOURCES } from '../../../src/api/resources.js';

type Json = any;
const root = openapiV3Root() as Json;

void test('the v3 root has a serverRelativeURL with a content hash for every group version', () => {
  assert.deepEqual(Object.keys(root.paths).sort(), [
    'api/v1', 'apis/apps/v1', 'apis/authentication.k8s.io/v1', 'apis/authorization.k8s.io/v1', 'apis/batch/v1',
    'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/storage.k8s.io/v1',
  ]);
  for (const [key, { serverRelativeURL }] of Object.entries<Json>(root.paths)) {
    const hash = openapiV3Hash(key);
    assert.match(hash!, /^[0-9A-F]{128}$/);
    assert.equal(serverRelativeURL, `/openapi/v3/${key}?hash=${hash}`);
  }
});

void test('the hash is stable and differs between documents', () => {
  assert.deepEqual(openapiV3Root(), root);
  assert.notEqual(openapiV3Hash('api/v1'), openapiV3Hash('apis/apps/v1'));
});

void test('documents are found by key, by path and by serverRelativeURL; unknown ones are undefined', () => {
  const doc = openapiV3Document('apis/apps/v1');
  assert.ok(doc);
  assert.equal(openapiV3Document('/apis/apps/v1'), doc);
  assert.equal(openapiV3Document(root.paths['apis/apps/v1'].serverRelativeURL), doc);
  assert.equal(openapiV3Document('apis/nope/v1'), undefined);
});

/** What kubectl's QueryParamVerifierV3 does: find a PATCH with the GVK and a fieldValidation query parameter. */
function patchOperationsFor(doc: Json, gvk: Json): Json[] {
  return Object.values<Json>(doc.paths).map((p) => p.patch).filter((op) => op
    && op['x-kubernetes-group-version-kind'].group === gvk.group
    && op['x-kubernetes-group-version-kind'].version === gvk.version
    && op['x-kubernetes-group-version-kind'].kind === gvk.kind);
}

// Create-only kinds (access reviews) have no PATCH.
for (const r of RESOURCES.filter((x) => x.verbs.includes('patch'))) {
  void test(`${r.kind}: every PATCH for its GVK advertises fieldValidation, fieldManager, dryRun and force`, () => {
    const doc = openapiV3Document(r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`) as Json;
    const ops = patchOperationsFor(doc, { group: r.group, version: r.version, kind: r.kind });
    assert.ok(ops.length >= 1);
    for (const op of ops) {
      const query = op.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
      for (const name of ['fieldValidation', 'fieldManager', 'dryRun', 'force']) assert.ok(query.includes(name), name);
      assert.deepEqual(Object.keys(op.requestBody.content).sort(), [...ADVERTISED_PATCH_CONTENT_TYPES].sort());
    }
  });
}

void test('no PATCH advertises strategic merge patch, so kubectl apply computes SMP from its built-in types', () => {
  for (const key of Object.keys(root.paths)) {
    for (const path of Object.values<Json>((openapiV3Document(key) as Json).paths)) {
      if (path.patch) assert.equal('application/strategic-merge-patch+json' in path.patch.requestBody.content, false);
    }
  }
});

void test('deployments: item path has get/put/patch/delete, collection has list/post, scale patch is autoscaling/v1 Scale', () => {
  const paths = (openapiV3Document('apis/apps/v1') as Json).paths;
  const item = paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  assert.deepEqual(Object.keys(item).sort(), ['delete', 'get', 'patch', 'put']);
  const collection = paths['/apis/apps/v1/namespaces/{namespace}/deployments'];
  assert.deepEqual(Object.keys(collection).sort(), ['delete', 'get', 'post']);
  for (const op of [item.put, collection.post]) {
    assert.deepEqual(op.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name).sort(), ['dryRun', 'fieldManager', 'fieldValidation', 'pretty']);
  }
  assert.deepEqual(paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.ok(paths['/apis/apps/v1/deployments'].get);
});

void test('cluster-scoped kinds have no namespace segment', () => {
  const paths = (openapiV3Document('api/v1') as Json).paths;
  assert.ok(paths['/api/v1/namespaces/{name}'].patch);
  assert.ok(paths['/api/v1/nodes/{name}'].patch);
  assert.ok(paths['/api/v1/namespaces/{namespace}/pods/{name}/log'].get);
});

void test('/openapi/v2 is an empty 200 protobuf document', () => {
  const v2 = openapiV2Empty();
  assert.equal(v2.status, 200);
  assert.equal(v2.body.length, 0);
  assert.equal(v2.contentType, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
});
