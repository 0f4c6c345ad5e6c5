import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, assertCause, rejected } from './support.js';

const cm = (fields: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, ...fields,
});
const secret = (fields: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, ...fields,
});
const b64 = (s: string): string => Buffer.from(s).toString('base64');

void describe('ConfigMap admission', () => {
  void it('admits valid keys unchanged', () => {
    assert.deepEqual(accepted('ConfigMap', cm({ data: { 'a.conf': 'x', KEY_1: 'y', 'my-key': 'z' } })).data,
      { 'a.conf': 'x', KEY_1: 'y', 'my-key': 'z' });
  });

  void it('rejects a key with a space with the upstream message', () => {
    assertCause(rejected('ConfigMap', cm({ data: { 'bad key': 'x' } })), 'data[bad key]', 'FieldValueInvalid', 'a valid config key must consist of');
  });

  void it('rejects a key present in both data and binaryData', () => {
    assertCause(rejected('ConfigMap', cm({ data: { a: 'x' }, binaryData: { a: b64('y') } })), 'binaryData[a]', 'FieldValueDuplicate');
  });

  void it('rejects more than 1 MiB of data', () => {
    const err = rejected('ConfigMap', cm({ data: { big: 'x'.repeat(1024 * 1024 + 1) } }));
    assert.equal(err.details?.causes?.[0].reason, 'FieldValueTooLong');
  });

  void it('freezes data once immutable', () => {
    const old = accepted('ConfigMap', cm({ data: { a: '1' }, immutable: true }));
    assertCause(rejected('ConfigMap', cm({ data: { a: '2' }, immutable: true }), { old }), 'data', 'FieldValueForbidden');
  });
});

void describe('Secret admission', () => {
  void it('defaults type to Opaque and folds stringData into base64 data', () => {
    const s = accepted('Secret', secret({ data: { a: b64('1') }, stringData: { b: 'two' } }));
    assert.equal(s.type, 'Opaque');
    assert.deepEqual(s.data, { a: b64('1'), b: b64('two') });
    assert.equal('stringData' in s, false);
  });

  void it('rejects data that is not base64 without echoing it', () => {
    const err = rejected('Secret', secret({ data: { password: 'hunter2!' } }));
    assertCause(err, 'data[password]', 'FieldValueInvalid', 'illegal base64 data');
    assert.equal(err.message.includes('hunter2'), false);
  });

  void it('rejects bad key names', () => {
    assertCause(rejected('Secret', secret({ data: { 'a/b': b64('x') } })), 'data[a/b]', 'FieldValueInvalid');
  });

  void it('requires tls.crt and tls.key for TLS secrets', () => {
    const err = rejected('Secret', secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } }));
    assertCause(err, 'data[tls.key]', 'FieldValueRequired');
  });

  void it('rejects more than 1 MiB of decoded data', () => {
    const err = rejected('Secret', secret({ data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }));
    assertCause(err, 'data', 'FieldValueTooLong');
  });

  void it('forbids changing the type', () => {
    const old = accepted('Secret', secret({}));
    assertCause(rejected('Secret', secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c'), 'tls.key': b64('k') } }), { old }),
      'type', 'FieldValueInvalid', 'field is immutable');
  });
});
