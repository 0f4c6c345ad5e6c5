/**
 * Secrets through the apiserver over a real SQLite file, with encryption at rest: the raw
 * database never holds a value, reads give it back, rotation re-encrypts, a bad key is a
 * clear error, and nothing reaches the logs.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createApiServer, staticTokenAuthenticator } from '../../../src/apiserver/index.js';
import {
  addPrimaryKey, dropOldKeys, envelopeKeyId, keyFilePath, openSecretEncryption, readKeyFile, readStatus, statusFilePath,
} from '../../../src/secrets/index.js';
import { openSqliteStore, type Store } from '../../../src/store/index.js';

const PLAIN = 'hunter2-RECOGNIZABLE-s3cr3t';
const B64 = Buffer.from(PLAIN).toString('base64');
const STRING_DATA = 'another-RECOGNIZABLE-value';
const AUTH = { authorization: 'Bearer t' };
const SECRETS = '/api/v1/namespaces/default/secrets';

interface Node {
  raw: Store;
  encryption: Awaited<ReturnType<typeof openSecretEncryption>>;
  call(method: string, url: string, body?: unknown): Promise<{ statusCode: number; json: any; body: string }>;
  logs: string[];
  stop(): Promise<void>;
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tug-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(t: TestContext, dir: string): Promise<Node> {
  const logs: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
  const logger = pino({ level: 'trace' }, sink);
  const raw = await openSqliteStore({ path: join(dir, 'state.db') });
  const encryption = await openSecretEncryption({ dataDir: dir, store: raw, logger, pollIntervalMs: 0 });
  const server = createApiServer({ store: encryption.store, logger, tokens: staticTokenAuthenticator({ t: { user: 'admin', groups: ['system:masters'] } }) });
  await server.app.ready();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    encryption.stop();
    await server.close();
    await raw.close();
  };
  t.after(stop);
  const call: Node['call'] = async (method, url, body) => {
    const res = await server.app.inject({ method: method as 'GET', url, headers: { ...AUTH, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
    let json: unknown;
    try { json = JSON.parse(res.body); } catch { json = undefined; }
    return { statusCode: res.statusCode, json, body: res.body };
  };
  return { raw, encryption, call, logs, stop };
}

function aSecret(name: string): unknown {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data: { password: B64 }, stringData: { other: STRING_DATA } };
}

/** Every byte of every file in the data dir (db, -wal, -shm), as latin1 text for searching. */
function rawBytes(dir: string): string {
  let all = '';
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.startsWith('state.db')) all += readFileSync(p).toString('latin1');
    }
  };
  walk(dir);
  return all;
}

function assertNoPlaintext(haystack: string, where: string): void {
  for (const needle of [PLAIN, B64, STRING_DATA, Buffer.from(STRING_DATA).toString('base64')]) {
    assert.ok(!haystack.includes(needle), `${needle} found in ${where}`);
  }
}

describe('Secrets encrypted at rest', () => {
  it('never writes a Secret value to the database files, and reads return it', async (t) => {
    const dir = tempDir(t);
    const node = await start(t, dir);
    const created = await node.call('POST', SECRETS, aSecret('db-pass'));
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json.data.password, B64);
    for (let i = 0; i < 3; i++) assert.equal((await node.call('PUT', `${SECRETS}/db-pass`, { ...(aSecret('db-pass') as object), metadata: { name: 'db-pass', labels: { i: String(i) } } })).statusCode, 200);
    const got = await node.call('GET', `${SECRETS}/db-pass`);
    assert.equal(got.json.data.password, B64);
    assert.equal(Buffer.from(got.json.data.other, 'base64').toString(), STRING_DATA);
    const listed = await node.call('GET', SECRETS);
    assert.equal(listed.json.items[0].data.password, B64);
    // A ConfigMap is not encrypted: the raw scan does find ordinary values.
    await node.call('POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'PLAIN-CONFIGMAP-VALUE' } });
    const sealed = await node.raw.get('/registry/core/secrets/default/db-pass');
    assert.match(sealed!.value, /^tug:enc:aesgcm:v1:/);
    assertNoPlaintext(rawBytes(dir), 'the open database files');
    await node.stop();
    const bytes = rawBytes(dir);
    assert.ok(bytes.includes('PLAIN-CONFIGMAP-VALUE'), 'the scan can see plaintext values');
    assertNoPlaintext(bytes, 'the closed database files');
    assertNoPlaintext(node.logs.join(''), 'the logs');
    const keyFile = statSync(keyFilePath(dir));
    assert.equal(keyFile.mode & 0o777, 0o600);
  });

  it('re-encrypts plaintext Secrets found at start', async (t) => {
    const dir = tempDir(t);
    const first = await start(t, dir);
    await first.stop();
    const raw = await openSqliteStore({ path: join(dir, 'state.db') });
    const value = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'old', namespace: 'default', uid: 'u' }, data: { password: B64 } });
    assert.ok((await raw.create('/registry/core/secrets/default/old', value)).ok);
    await raw.close();
    const node = await start(t, dir);
    const stored = await node.raw.get('/registry/core/secrets/default/old');
    assert.equal(envelopeKeyId(stored!.value), node.encryption.keyring.primary.id);
    assert.equal((await node.call('GET', `${SECRETS}/old`)).json.data.password, B64);
  });

  it('rotates keys: new writes and every old Secret end up under the new key, then the old key can go', async (t) => {
    const dir = tempDir(t);
    const node = await start(t, dir);
    for (const name of ['a', 'b', 'c']) assert.equal((await node.call('POST', SECRETS, aSecret(name))).statusCode, 201);
    const oldId = node.encryption.keyring.primary.id;
    const rotated = addPrimaryKey(keyFilePath(dir), new Date());
    assert.ok(rotated.ok);
    const summary = await node.encryption.reload();
    assert.equal(summary?.reencrypted, 3);
    assert.deepEqual(summary?.inUse, [rotated.key.id]);
    assert.deepEqual(readStatus(statusFilePath(dir))?.keysInUse, [rotated.key.id]);
    for (const name of ['a', 'b', 'c']) {
      assert.equal(envelopeKeyId((await node.raw.get(`/registry/core/secrets/default/${name}`))!.value), rotated.key.id);
      assert.equal((await node.call('GET', `${SECRETS}/${name}`)).json.data.password, B64);
    }
    assert.ok(dropOldKeys(keyFilePath(dir), new Date()).ok);
    const keys = readKeyFile(keyFilePath(dir));
    assert.deepEqual(keys.ok && keys.keys.map((k) => k.id), [rotated.key.id]);
    assert.notEqual(oldId, rotated.key.id);
    await node.encryption.reload();
    assert.equal((await node.call('GET', SECRETS)).json.items.length, 3);
    await node.stop();
    const again = await start(t, dir);
    assert.equal((await again.call('GET', `${SECRETS}/b`)).json.data.password, B64);
  });

  it('answers a clear 500 (no crash) when the key is missing or wrong', async (t) => {
    const dir = tempDir(t);
    const node = await start(t, dir);
    assert.equal((await node.call('POST', SECRETS, aSecret('s'))).statusCode, 201);
    await node.stop();
    rmSync(keyFilePath(dir));
    const fresh = await start(t, dir);
    const res = await fresh.call('GET', `${SECRETS}/s`);
    assert.equal(res.statusCode, 500);
    assert.match(res.json.message, /Secret default\/s cannot be decrypted: encrypted with key "k[^"]+", which is not in the encryption key file/);
    assert.equal((await fresh.call('GET', '/api/v1/namespaces')).statusCode, 200, 'the server keeps serving');
    await fresh.stop();
    assertNoPlaintext(fresh.logs.join(''), 'the logs');
  });

  it('refuses to start with an invalid key file, saying why', async (t) => {
    const dir = tempDir(t);
    const node = await start(t, dir);
    await node.stop();
    writeFileSync(keyFilePath(dir), '{"keys": []}');
    const raw = await openSqliteStore({ path: join(dir, 'state.db') });
    t.after(() => raw.close());
    await assert.rejects(openSecretEncryption({ dataDir: dir, store: raw, logger: pino({ level: 'silent' }), pollIntervalMs: 0 }), /Secret encryption: .*encryption-keys.json has no "keys" list/);
  });
});
