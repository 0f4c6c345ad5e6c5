import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { byNodeName, byOwnerUid, ObjectCache, objectKey, splitKey } from '../../../src/client/cache.js';

function aPod(name: string, rv: string, opts: { nodeName?: string; ownerUid?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: 'default', resourceVersion: rv,
      ...(opts.ownerUid ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: opts.ownerUid, controller: true }] } : {}),
    },
    spec: opts.nodeName ? { nodeName: opts.nodeName } : {},
  };
}

void test('keys are namespace/name, or name for cluster-scoped objects', () => {
  assert.equal(objectKey(aPod('a', '1')), 'default/a');
  assert.equal(objectKey({ metadata: { name: 'n1' } }), 'n1');
  assert.deepEqual(splitKey('default/a'), { namespace: 'default', name: 'a' });
  assert.deepEqual(splitKey('n1'), { name: 'n1' });
});

void test('indexes follow updates and removals', () => {
  const cache = new ObjectCache();
  cache.addIndexer('node', byNodeName);
  cache.upsert(aPod('a', '1', { nodeName: 'n1' }));
  cache.upsert(aPod('b', '2', { nodeName: 'n1' }));
  cache.upsert(aPod('a', '3', { nodeName: 'n2' }));
  assert.deepEqual(cache.byIndex('node', 'n1').map((p) => p.metadata.name), ['b']);
  assert.deepEqual(cache.byIndex('node', 'n2').map((p) => p.metadata.name), ['a']);
  cache.remove('default/b');
  assert.deepEqual(cache.byIndex('node', 'n1'), []);
});

void test('an indexer added later indexes what is already cached', () => {
  const cache = new ObjectCache();
  cache.upsert(aPod('a', '1', { ownerUid: 'rs-1' }));
  cache.addIndexer('owner', byOwnerUid);
  assert.deepEqual(cache.byIndex('owner', 'rs-1').map((p) => p.metadata.name), ['a']);
  assert.throws(() => cache.byIndex('missing', 'x'), /no index named "missing"/);
});

void test('replace reports added, updated (resourceVersion moved) and deleted objects', () => {
  const cache = new ObjectCache();
  cache.upsert(aPod('same', '1'));
  cache.upsert(aPod('changed', '2'));
  cache.upsert(aPod('gone', '3'));
  const diff = cache.replace([aPod('same', '1'), aPod('changed', '7'), aPod('new', '8')]);
  assert.deepEqual(diff.added.map((p) => p.metadata.name), ['new']);
  assert.deepEqual(diff.updated.map((u) => `${u.newObject.metadata.name} ${u.oldObject.metadata.resourceVersion}->${u.newObject.metadata.resourceVersion}`), ['changed 2->7']);
  assert.deepEqual(diff.deleted.map((p) => p.metadata.name), ['gone']);
  assert.deepEqual(cache.keys().sort(), ['default/changed', 'default/new', 'default/same']);
});
