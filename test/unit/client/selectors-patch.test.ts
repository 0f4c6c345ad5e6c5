import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { applyJsonPatch, applyMergePatch, PatchError } from '../../../src/client/patch.js';
import { parseFieldSelector, parseLabelSelector, SelectorParseError } from '../../../src/client/selectors.js';

const withLabels = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels } });

void test('label selectors: equality, sets and existence', () => {
  const cases: Array<[string, Record<string, string>, boolean]> = [
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'db' }, false],
    ['app!=web', {}, true],
    ['app in (web, db),tier', { app: 'db', tier: 'x' }, true],
    ['app notin (web)', { app: 'web' }, false],
    ['app notin (web)', {}, true],
    ['!canary', { canary: 'true' }, false],
    ['', { anything: 'x' }, true],
  ];
  for (const [selector, labels, expected] of cases) assert.equal(parseLabelSelector(selector)(withLabels(labels)), expected, selector);
  assert.throws(() => parseLabelSelector('a b c'), SelectorParseError);
});

void test('field selectors read dotted paths; a missing field is empty', () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  assert.equal(parseFieldSelector('spec.nodeName=n1,metadata.namespace==ns')(pod), true);
  assert.equal(parseFieldSelector('status.phase!=Running')(pod), false);
  assert.equal(parseFieldSelector('spec.schedulerName=')(pod), true);
});

void test('merge patch: null deletes, objects merge, arrays replace; input untouched', () => {
  const target = { a: { b: 1, c: 2 }, list: [1, 2], keep: true };
  const result = applyMergePatch(target, { a: { b: null, d: 3 }, list: [3] });
  assert.deepEqual(result, { a: { c: 2, d: 3 }, list: [3], keep: true });
  assert.deepEqual(target, { a: { b: 1, c: 2 }, list: [1, 2], keep: true });
});

void test('JSON patch: add, remove, replace, move, copy and test', () => {
  const doc = { spec: { containers: [{ name: 'a' }], replicas: 1 }, metadata: { labels: { 'a/b': 'x' } } };
  const result = applyJsonPatch(doc, [
    { op: 'test', path: '/spec/replicas', value: 1 },
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'add', path: '/spec/containers/-', value: { name: 'b' } },
    { op: 'copy', from: '/spec/containers/0', path: '/spec/first' },
    { op: 'move', from: '/metadata/labels/a~1b', path: '/metadata/labels/c' },
    { op: 'remove', path: '/spec/containers/0' },
  ]);
  assert.deepEqual(result, { spec: { containers: [{ name: 'b' }], replicas: 3, first: { name: 'a' } }, metadata: { labels: { c: 'x' } } });
  assert.throws(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/replicas', value: 2 }]), PatchError);
  assert.throws(() => applyJsonPatch(doc, [{ op: 'remove', path: '/nope' }]), PatchError);
});
