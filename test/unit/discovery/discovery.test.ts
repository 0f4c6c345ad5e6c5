import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregatedDiscovery, apiResourceList, legacyApiGroupList, legacyApiVersions, storageVersionHash, versionInfo,
} from '../../../src/apiserver/discovery/index.js';
import { RESOURCES } from '../../../src/api/resources.js';

type Json = any;

void test('/version reports 1.32 with a semver gitVersion', () => {
  const v = versionInfo();
  assert.equal(v.major, '1');
  assert.equal(v.minor, '32');
  assert.match(v.gitVersion, /^v1\.32\.\d+(-[0-9A-Za-z.-]+)?$/);
});

void test('/api lists v1 and the server address', () => {
  assert.deepEqual(legacyApiVersions('127.0.0.1:6443'), {
    kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  });
});

void test('/apis lists named groups but not the core group', () => {
  const list = legacyApiGroupList() as Json;
  const names = list.groups.map((g: Json) => g.name);
  assert.ok(names.includes('apps') && names.includes('batch') && names.includes('storage.k8s.io'));
  assert.ok(!names.includes(''));
  const apps = list.groups.find((g: Json) => g.name === 'apps');
  assert.deepEqual(apps.preferredVersion, { groupVersion: 'apps/v1', version: 'v1' });
});

void test('/apis/apps/v1 lists deployments with short names, categories, hash and its scale subresource in autoscaling/v1', () => {
  const list = apiResourceList('apps', 'v1') as Json;
  assert.equal(list.groupVersion, 'apps/v1');
  const deploy = list.resources.find((r: Json) => r.name === 'deployments');
  assert.deepEqual(deploy.shortNames, ['deploy']);
  assert.deepEqual(deploy.categories, ['all']);
  assert.equal(deploy.singularName, 'deployment');
  assert.equal(deploy.storageVersionHash, storageVersionHash('apps', 'v1', 'Deployment'));
  const scale = list.resources.find((r: Json) => r.name === 'deployments/scale');
  assert.deepEqual(scale, { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  const status = list.resources.find((r: Json) => r.name === 'deployments/status');
  assert.equal(status.kind, 'Deployment');
  assert.equal('group' in status, false);
});

void test('/api/v1 lists pods/log and pods/exec, sorted by name, cluster-scoped namespaces', () => {
  const list = apiResourceList('', 'v1') as Json;
  assert.equal(list.groupVersion, 'v1');
  const names = list.resources.map((r: Json) => r.name);
  assert.ok(names.includes('pods/log') && names.includes('pods/exec'));
  assert.deepEqual(names, [...names].sort());
  assert.equal(list.resources.find((r: Json) => r.name === 'namespaces').namespaced, false);
  assert.equal(apiResourceList('nope', 'v1'), undefined);
});

void test('storageVersionHash matches the apiserver algorithm (8 bytes of sha256, base64)', () => {
  // 11 characters of base64 for 8 bytes, stable across calls and distinct per kind.
  assert.match(storageVersionHash('apps', 'v1', 'Deployment'), /^[A-Za-z0-9+/]{11}=$/);
  assert.notEqual(storageVersionHash('apps', 'v1', 'Deployment'), storageVersionHash('apps', 'v1', 'ReplicaSet'));
});

void test('aggregated /api holds only the core group, named ""', () => {
  const doc = aggregatedDiscovery('api') as Json;
  assert.equal(doc.kind, 'APIGroupDiscoveryList');
  assert.equal(doc.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.equal(doc.items.length, 1);
  assert.deepEqual(doc.items[0].metadata, { name: '', creationTimestamp: null });
  const v1 = doc.items[0].versions[0];
  assert.equal(v1.version, 'v1');
  assert.equal(v1.freshness, 'Current');
  const pods = v1.resources.find((r: Json) => r.resource === 'pods');
  assert.deepEqual(pods.responseKind, { group: '', version: 'v1', kind: 'Pod' });
  assert.equal(pods.scope, 'Namespaced');
  assert.equal(pods.singularResource, 'pod');
  assert.deepEqual(pods.shortNames, ['po']);
  const eviction = pods.subresources.find((s: Json) => s.subresource === 'eviction');
  assert.deepEqual(eviction.responseKind, { group: 'policy', version: 'v1', kind: 'Eviction' });
  assert.equal(v1.resources.find((r: Json) => r.resource === 'nodes').scope, 'Cluster');
});

void test('aggregated /apis has every named group and every resource of RESOURCES', () => {
  const doc = aggregatedDiscovery('apis') as Json;
  const apps = doc.items.find((i: Json) => i.metadata.name === 'apps');
  const deploy = apps.versions[0].resources.find((r: Json) => r.resource === 'deployments');
  assert.deepEqual(deploy.subresources, [
    { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
    { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
  ]);
  assert.deepEqual(deploy.categories, ['all']);
  const served = [...(aggregatedDiscovery('api') as Json).items, ...doc.items]
    .flatMap((i: Json) => i.versions.flatMap((v: Json) => v.resources.map((r: Json) => `${i.metadata.name}/${v.version}/${r.resource}`)));
  assert.deepEqual(served.sort(), RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`).sort());
});
