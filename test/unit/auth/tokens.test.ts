import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  caCertHash, formatToken, generateTokenId, generateTokenSecret, parseToken, TOKEN_ID_PATTERN, TOKEN_SECRET_PATTERN,
} from '../../../src/pki/index.js';

const HASH = 'a'.repeat(64);
const SECRET = 'Ab3'.repeat(12);

void describe('join and API token format', () => {
  void it('formats the k3s-style full token and the short form', () => {
    assert.equal(formatToken({ caHash: HASH, id: 'abc123', secret: SECRET }), `K10${HASH}::abc123.${SECRET}`);
    assert.equal(formatToken({ id: 'abc123', secret: SECRET }), `abc123.${SECRET}`);
  });

  void it('parses both forms back', () => {
    assert.deepEqual(parseToken(`K10${HASH}::abc123.${SECRET}`), { caHash: HASH, id: 'abc123', secret: SECRET });
    assert.deepEqual(parseToken(` abc123.${SECRET}\n`), { id: 'abc123', secret: SECRET });
  });

  void it('rejects what is not a join or API token', () => {
    for (const text of [
      'plain-admin-token_without_dots', `abc12.${SECRET}`, `ABC123.${SECRET}`, 'abc123.short', `K10${'z'.repeat(64)}::abc123.${SECRET}`,
      `K10${HASH}::abc123`, `tugnode.n1.${SECRET}`, '',
    ]) assert.equal(parseToken(text), undefined, text);
  });

  void it('hashes the CA PEM bytes with SHA-256', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    assert.equal(caCertHash(pem), createHash('sha256').update(pem).digest('hex'));
  });

  void it('generates ids and secrets of the documented shape, each different', () => {
    const ids = new Set(Array.from({ length: 50 }, generateTokenId));
    const secrets = new Set(Array.from({ length: 50 }, generateTokenSecret));
    assert.equal(ids.size, 50);
    assert.equal(secrets.size, 50);
    for (const id of ids) assert.match(id, TOKEN_ID_PATTERN);
    for (const secret of secrets) assert.match(secret, TOKEN_SECRET_PATTERN);
  });
});
