import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, envelopeKeyId, isEnvelope, type EncryptionKey } from '../../../src/secrets/index.js';
import { parseKeyFile } from '../../../src/secrets/key-file.js';

const k1: EncryptionKey = { id: 'k1', secret: randomBytes(32) };
const k2: EncryptionKey = { id: 'k2', secret: randomBytes(32) };
const KEY = '/registry/core/secrets/default/s';

describe('AES-256-GCM envelope', () => {
  it('round-trips and names its key', () => {
    const sealed = encrypt(k1, KEY, '{"data":{"a":"c2VjcmV0"}}');
    assert.ok(sealed.startsWith('tug:enc:aesgcm:v1:k1:'));
    assert.equal(envelopeKeyId(sealed), 'k1');
    assert.ok(!sealed.includes('c2VjcmV0'));
    assert.deepEqual(decrypt(new Map([['k1', k1], ['k2', k2]]), KEY, sealed), { ok: true, plaintext: '{"data":{"a":"c2VjcmV0"}}', keyId: 'k1' });
  });

  it('passes plaintext through (values written before encryption)', () => {
    assert.equal(isEnvelope('{"a":1}'), false);
    assert.deepEqual(decrypt(new Map(), KEY, '{"a":1}'), { ok: true, plaintext: '{"a":1}' });
  });

  it('reports an unknown key, a wrong key and a moved value as errors, not exceptions', () => {
    const sealed = encrypt(k1, KEY, 'x');
    const unknown = decrypt(new Map([['k2', k2]]), KEY, sealed);
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.reason, 'unknown-key');
    assert.match(!unknown.ok ? unknown.message : '', /key "k1"/);
    const wrong = decrypt(new Map([['k1', { id: 'k1', secret: randomBytes(32) }]]), KEY, sealed);
    assert.equal(!wrong.ok && wrong.reason, 'corrupt');
    const moved = decrypt(new Map([['k1', k1]]), '/registry/core/secrets/default/other', sealed);
    assert.equal(moved.ok, false, 'the store key is authenticated');
    assert.equal(decrypt(new Map([['k1', k1]]), KEY, 'tug:enc:aesgcm:v1:k1:AAAA').ok, false);
  });
});

describe('key file validation', () => {
  const secret = randomBytes(32).toString('base64');
  it('accepts a list of keys', () => {
    const out = parseKeyFile(JSON.stringify({ keys: [{ id: 'a', secret }, { id: 'b', secret }] }), 'f');
    assert.equal(out.ok && out.keys.map((k) => k.id).join(), 'a,b');
  });
  it('rejects empty lists, duplicate ids, short secrets and bad JSON with a message', () => {
    for (const text of ['{', '{"keys":[]}', JSON.stringify({ keys: [{ id: 'a', secret }, { id: 'a', secret }] }), JSON.stringify({ keys: [{ id: 'a', secret: 'c2hvcnQ=' }] }), JSON.stringify({ keys: [{ id: 'a:b', secret }] })]) {
      const out = parseKeyFile(text, 'f');
      assert.equal(out.ok, false, text);
      assert.match(!out.ok ? out.message : '', /^f/);
    }
  });
});
