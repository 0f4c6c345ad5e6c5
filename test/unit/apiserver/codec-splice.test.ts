import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeValue, encodeObject, topLevelMetadataBody, valueJsonWithRevision } from '../../../src/apiserver/registry/codec.js';

describe('valueJsonWithRevision (resourceVersion spliced into stored JSON text)', () => {
  it('equals decode + stringify for ordinary objects', () => {
    const value = encodeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [] } } as any);
    assert.deepEqual(JSON.parse(valueJsonWithRevision(value, 42)), decodeValue(value, 42));
  });

  it('finds the top-level metadata even after a nested one, and handles empty metadata', () => {
    const text = JSON.stringify({ spec: { template: { metadata: { labels: { x: '"metadata":{' } } } }, metadata: {}, kind: 'X' });
    const out = JSON.parse(valueJsonWithRevision(text, 7));
    assert.deepEqual(out.metadata, { resourceVersion: '7' });
    assert.deepEqual(out.spec.template.metadata, { labels: { x: '"metadata":{' } });
  });

  it('falls back to a full decode when the text has no metadata object or carries a resourceVersion', () => {
    assert.equal(topLevelMetadataBody('{"kind":"metadata","a":1}'), -1);
    const withRv = JSON.stringify({ metadata: { name: 'e' }, involvedObject: { resourceVersion: '3' } });
    assert.deepEqual(JSON.parse(valueJsonWithRevision(withRv, 9)), { metadata: { name: 'e', resourceVersion: '9' }, involvedObject: { resourceVersion: '3' } });
  });

  it('agrees with decode + stringify for arbitrary objects (property)', () => {
    const meta = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 });
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }), meta, fc.nat(), (rest, metadata, rv) => {
      const { metadata: _m, ...others } = rest;
      const { resourceVersion: _r, ...m } = metadata;
      const value = JSON.stringify({ ...others, metadata: m });
      assert.deepEqual(JSON.parse(valueJsonWithRevision(value, rv)), decodeValue(value, rv));
    }), { numRuns: 300 });
  });
});
