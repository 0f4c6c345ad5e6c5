import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { main } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import { envelopeKeyId, keyFilePath, openSecretEncryption, readKeyFile } from '../../../src/secrets/index.js';
import { openMemoryStore } from '../../../src/store/index.js';

function captureIo(): CliIo & { text: () => string } {
  let out = '';
  return { out: (s) => { out += s; }, err: (s) => { out += s; }, readInput: async () => '', env: { HOME: '/nonexistent' }, text: () => out };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

describe('tug secrets rotate-key / prune-keys', () => {
  it('rotates while a server runs: it picks up the new key, re-encrypts, and the old key can then be pruned', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tug-secrets-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const raw = await openMemoryStore();
    t.after(() => raw.close());
    const encryption = await openSecretEncryption({ dataDir: dir, store: raw, logger: pino({ level: 'silent' }), pollIntervalMs: 20 });
    t.after(() => encryption.stop());
    const key = '/registry/core/secrets/default/s';
    assert.ok((await encryption.store.create(key, '{"metadata":{"name":"s"},"data":{"a":"eA=="}}')).ok);
    const oldId = encryption.keyring.primary.id;

    const io = captureIo();
    assert.equal(await main(['secrets', 'rotate-key', '--data-dir', dir], io), 0, io.text());
    const keys = readKeyFile(keyFilePath(dir));
    assert.ok(keys.ok && keys.keys.length === 2 && keys.keys[1].id === oldId);
    const newId = keys.ok ? keys.keys[0].id : '';
    assert.match(io.text(), new RegExp(`new primary key ${newId}`));

    // The server polls the key file (no restart) and re-encrypts the existing Secret.
    await until(async () => envelopeKeyId((await raw.get(key))!.value) === newId);
    assert.equal((await encryption.store.get(key))!.value, '{"metadata":{"name":"s"},"data":{"a":"eA=="}}');

    await until(() => readKeyFile(keyFilePath(dir)).ok && main(['secrets', 'prune-keys', '--data-dir', dir], captureIo()).then((c) => c === 0));
    const pruned = readKeyFile(keyFilePath(dir));
    assert.deepEqual(pruned.ok && pruned.keys.map((k) => k.id), [newId]);
    await until(() => encryption.keyring.ids().length === 1);
    assert.equal((await encryption.store.get(key))!.value, '{"metadata":{"name":"s"},"data":{"a":"eA=="}}');
  });

  it('fails clearly without a key file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tug-secrets-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const io = captureIo();
    assert.equal(await main(['secrets', 'rotate-key', '--data-dir', dir], io), 1);
    assert.match(io.text(), /error: cannot read the Secret encryption key file .*encryption-keys.json/);
  });
});
