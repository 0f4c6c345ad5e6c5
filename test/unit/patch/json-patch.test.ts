import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch } from '../../../src/api/patch/index.js';

const doc = { metadata: { name: 'web', annotations: { a: '1' } }, spec: { list: [1, 2, 3], nested: { x: 1 } } };

function apply(patch: unknown): ReturnType<typeof applyPatch> {
  return applyPatch(doc, patch, 'json', 'Deployment');
}

describe('JSON patch (RFC 6902)', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['add a key', [{ op: 'add', path: '/spec/y', value: 2 }], { ...doc, spec: { ...doc.spec, y: 2 } }],
    ['add into an array', [{ op: 'add', path: '/spec/list/1', value: 9 }], { ...doc, spec: { ...doc.spec, list: [1, 9, 2, 3] } }],
    ['append with -', [{ op: 'add', path: '/spec/list/-', value: 4 }], { ...doc, spec: { ...doc.spec, list: [1, 2, 3, 4] } }],
    ['remove', [{ op: 'remove', path: '/spec/list/0' }], { ...doc, spec: { ...doc.spec, list: [2, 3] } }],
    ['replace', [{ op: 'replace', path: '/spec/nested/x', value: 5 }], { ...doc, spec: { ...doc.spec, nested: { x: 5 } } }],
    ['move', [{ op: 'move', from: '/spec/nested', path: '/spec/moved' }], { ...doc, spec: { list: [1, 2, 3], moved: { x: 1 } } }],
    ['copy', [{ op: 'copy', from: '/spec/nested', path: '/spec/copied' }], { ...doc, spec: { ...doc.spec, copied: { x: 1 } } }],
    ['test then replace', [{ op: 'test', path: '/metadata/name', value: 'web' }, { op: 'replace', path: '/metadata/name', value: 'x' }], { ...doc, metadata: { ...doc.metadata, name: 'x' } }],
    ['escaped pointer', [{ op: 'add', path: '/metadata/annotations/example.com~1x', value: 'v' }], { ...doc, metadata: { ...doc.metadata, annotations: { a: '1', 'example.com/x': 'v' } } }],
  ];
  for (const [name, patch, expected] of cases) {
    it(name, () => {
      assert.deepEqual(apply(patch), { ok: true, object: expected });
    });
  }

  it('applies kubectl rollout undo: replace template and annotations (§7.4)', () => {
    const deployment = { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } };
    const out = applyPatch(deployment, [
      { op: 'replace', path: '/spec/template', value: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
    ], 'json', 'Deployment');
    assert.deepEqual(out, { ok: true, object: { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } } });
  });

  it('fails a failed test as invalid, leaving the target untouched', () => {
    const out = apply([{ op: 'replace', path: '/spec/nested/x', value: 9 }, { op: 'test', path: '/metadata/name', value: 'other' }]);
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.error.kind, 'invalid');
    assert.equal(doc.spec.nested.x, 1);
  });

  it('fails on a missing path and on a remove of a missing key', () => {
    assert.equal(apply([{ op: 'replace', path: '/nope/x', value: 1 }]).ok, false);
    assert.equal(apply([{ op: 'remove', path: '/spec/nope' }]).ok, false);
    assert.equal(apply([{ op: 'add', path: '/spec/list/7', value: 1 }]).ok, false);
  });

  it('rejects a patch that is not an array as malformed', () => {
    const out = apply({ op: 'add' });
    assert.equal(!out.ok && out.error.kind, 'malformed');
  });

  it('rejects unknown operations', () => {
    assert.equal(apply([{ op: 'frobnicate', path: '/a' }]).ok, false);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes on null and replaces lists', () => {
    const out = applyPatch({ a: { b: 1, c: 2 }, l: [1, 2], k: 'v' }, { a: { b: null, d: 3 }, l: [3], k: null }, 'merge', 'ConfigMap');
    assert.deepEqual(out, { ok: true, object: { a: { c: 2, d: 3 }, l: [3] } });
  });

  it('applies kubectl label and scale patches (§6.5, §7.3)', () => {
    const out = applyPatch({ metadata: { name: 'cfg' }, spec: { replicas: 2 } }, { metadata: { labels: { x: 'y' } }, spec: { replicas: 4 } }, 'merge', 'Deployment');
    assert.deepEqual(out, { ok: true, object: { metadata: { name: 'cfg', labels: { x: 'y' } }, spec: { replicas: 4 } } });
  });

  it('rejects a non-object merge patch', () => {
    assert.equal(applyPatch({}, [1], 'merge', 'ConfigMap').ok, false);
  });
});
