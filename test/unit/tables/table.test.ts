import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTable } from '../../../src/api/tables/index.js';
import { NOW, anObject, resource } from './builders.js';

const cm = anObject('v1', 'ConfigMap', 'cfg', {
  metadata: { name: 'cfg', labels: { app: 'x' }, managedFields: [{ manager: 'kubectl' }] }, data: { a: '1' },
});
const configmaps = resource('v1', 'ConfigMap');

void test('includeObject=Metadata embeds PartialObjectMetadata without managedFields', () => {
  const t = toTable(configmaps, [cm], { includeObject: 'Metadata', now: NOW, resourceVersion: '12' });
  assert.deepEqual(t.rows[0].object, {
    kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1',
    metadata: { name: 'cfg', namespace: 'default', uid: 'uid-cfg', resourceVersion: '7', creationTimestamp: cm.metadata.creationTimestamp, labels: { app: 'x' } },
  });
  assert.deepEqual(t.metadata, { resourceVersion: '12' });
  assert.equal(t.kind, 'Table');
  assert.equal(t.apiVersion, 'meta.k8s.io/v1');
});

void test('includeObject=Object embeds the full object, None embeds nothing', () => {
  assert.equal(toTable(configmaps, [cm], { includeObject: 'Object', now: NOW }).rows[0].object, cm);
  assert.equal('object' in toTable(configmaps, [cm], { includeObject: 'None', now: NOW }).rows[0], false);
});

void test('watch events after the first carry no column definitions', () => {
  const t = toTable(configmaps, [cm], { includeObject: 'Metadata', now: NOW, includeColumns: false });
  assert.deepEqual(t.columnDefinitions, []);
  assert.equal(t.rows[0].cells.length, 3);
});

void test('a continue token is passed through; the first column is the name column', () => {
  const t = toTable(configmaps, [], { includeObject: 'Metadata', now: NOW, continue: 'abc' });
  assert.equal(t.metadata.continue, 'abc');
  assert.equal(t.columnDefinitions[0].format, 'name');
  assert.deepEqual(t.rows, []);
});
