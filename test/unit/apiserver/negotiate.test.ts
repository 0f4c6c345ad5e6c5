import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeObjectBody, decodePatchBody, patchTypeOf, wantsTable } from '../../../src/apiserver/http/negotiate.js';
import { warningHeaders } from '../../../src/apiserver/http/reply.js';

describe('content negotiation', () => {
  it('recognises the Table Accept kubectl get sends, and nothing else', () => {
    assert.equal(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'), true);
    assert.equal(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io'), true);
    assert.equal(wantsTable('application/json'), false);
    assert.equal(wantsTable('application/vnd.kubernetes.protobuf,application/json'), false);
    assert.equal(wantsTable('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'), false);
    assert.equal(wantsTable(undefined), false);
  });

  it('maps patch media types, ignoring parameters', () => {
    assert.equal(patchTypeOf('application/strategic-merge-patch+json'), 'strategic');
    assert.equal(patchTypeOf('application/merge-patch+json; charset=utf-8'), 'merge');
    assert.equal(patchTypeOf('application/json-patch+json'), 'json');
    assert.equal(patchTypeOf('application/apply-patch+yaml'), 'apply');
    assert.equal(patchTypeOf('application/json'), undefined);
  });

  it('decodes JSON by default and YAML on request', () => {
    assert.deepEqual(decodeObjectBody(undefined, Buffer.from('{"a":1}')), { a: 1 });
    assert.deepEqual(decodeObjectBody('application/yaml', Buffer.from('a: 1\nb: [x]\n')), { a: 1, b: ['x'] });
    assert.throws(() => decodeObjectBody('application/json', Buffer.from('{')), /not valid JSON/);
  });

  it('parses apply patches as YAML (JSON is a subset)', () => {
    assert.deepEqual(decodePatchBody('application/apply-patch+yaml', Buffer.from('{"a":1}')), { type: 'apply', patch: { a: 1 } });
  });

  it('formats Warning headers as client-go expects', () => {
    assert.deepEqual(warningHeaders(['spec.x is "deprecated"']), ['299 - "spec.x is \\"deprecated\\""']);
  });
});
