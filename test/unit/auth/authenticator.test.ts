import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  createStoreAuthenticator, formatNodeToken, nodeCredentialSecret, secretStoreKey, tokenSecret, type TokenRecord,
} from '../../../src/auth/index.js';
import { adminAuthenticator } from '../../../src/server/authenticator.js';
import { formatToken } from '../../../src/pki/index.js';
import { openMemoryStore } from '../../../src/store/index.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { Store } from '../../../src/store/store.js';
import { aServiceAccountTokenSecret } from './builders.js';

const SECRET = 'Q'.repeat(40);
const HASH = 'f'.repeat(64);
const ADMIN = 'admin-token-value';

async function setup(t: TestContext, options: { now?: () => Date } = {}) {
  const store = await openMemoryStore();
  const authn = createStoreAuthenticator({ store, staticTokens: adminAuthenticator(ADMIN), now: options.now });
  t.after(async () => { authn.close(); await store.close(); });
  await authn.ready;
  return { store, authn };
}

async function put(store: Store, secret: KubeObject): Promise<string> {
  const key = secretStoreKey(secret.metadata.namespace!, secret.metadata.name!);
  const res = await store.create(key, JSON.stringify(secret));
  assert.ok(res.ok);
  return key;
}

/** Polls until `check` holds (the watch applies events asynchronously); fails after 2 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`never: ${what}`);
}

/** Lets the watch deliver what was just written (the store's watch runs on later ticks). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

const joinRecord: TokenRecord = { id: 'abc123', secret: SECRET, usage: 'join' };

void describe('store-backed token authenticator', () => {
  void it('keeps the admin token as system:masters', async (t) => {
    const { authn } = await setup(t);
    assert.deepEqual(await authn.authenticate(ADMIN), { user: 'admin', groups: ['system:masters', 'system:authenticated'] });
  });

  void it('accepts a join token in its full and short forms, and nothing close to it', async (t) => {
    const { store, authn } = await setup(t);
    await put(store, tokenSecret(joinRecord));
    await settle();
    const expected = { user: 'system:bootstrap:abc123', groups: ['system:bootstrappers', 'system:authenticated'] };
    assert.deepEqual(await authn.authenticate(formatToken({ caHash: HASH, ...joinRecord })), expected);
    assert.deepEqual(await authn.authenticate(`abc123.${SECRET}`), expected);
    assert.equal(await authn.authenticate(`abc123.${'R'.repeat(40)}`), undefined);
    assert.equal(await authn.authenticate(`abc124.${SECRET}`), undefined);
    assert.equal(await authn.authenticate('garbage'), undefined);
  });

  void it('accepts a token written a moment ago, before its watch event is applied', async (t) => {
    const { store, authn } = await setup(t);
    await put(store, tokenSecret({ id: 'zzz999', secret: SECRET, usage: 'api' }));
    assert.deepEqual(await authn.authenticate(`zzz999.${SECRET}`), { user: 'tug:token:zzz999', groups: ['system:authenticated'] });
  });

  void it('stops accepting a revoked (deleted) token', async (t) => {
    const { store, authn } = await setup(t);
    const key = await put(store, tokenSecret(joinRecord));
    await settle();
    assert.ok(await authn.authenticate(`abc123.${SECRET}`));
    await store.delete(key);
    await until('the revoked token is refused', async () => (await authn.authenticate(`abc123.${SECRET}`)) === undefined);
  });

  void it('stops accepting a token once it expires, by the injected clock', async (t) => {
    let now = new Date('2030-01-01T00:00:00Z');
    const { store, authn } = await setup(t, { now: () => now });
    await put(store, tokenSecret({ ...joinRecord, expiration: '2030-01-01T01:00:00Z' }));
    await settle();
    assert.ok(await authn.authenticate(`abc123.${SECRET}`));
    now = new Date('2030-01-01T01:00:00Z');
    assert.equal(await authn.authenticate(`abc123.${SECRET}`), undefined);
  });

  void it('replaces a token whose Secret was updated with a new secret', async (t) => {
    const { store, authn } = await setup(t);
    const key = await put(store, tokenSecret(joinRecord));
    await store.update(key, JSON.stringify(tokenSecret({ ...joinRecord, secret: 'N'.repeat(40) })));
    await until('the old secret is refused', async () => (await authn.authenticate(`abc123.${SECRET}`)) === undefined);
    assert.ok(await authn.authenticate(`abc123.${'N'.repeat(40)}`));
  });

  void it('authenticates node credentials as their node, and not after they are replaced', async (t) => {
    const { store, authn } = await setup(t);
    const token = formatNodeToken('n1', SECRET);
    const key = await put(store, nodeCredentialSecret('n1', token));
    await settle();
    assert.deepEqual(await authn.authenticate(token), { user: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] });
    // Another node's name with the same secret is not n1's credential.
    assert.equal(await authn.authenticate(formatNodeToken('n2', SECRET)), undefined);
    await store.update(key, JSON.stringify(nodeCredentialSecret('n1', formatNodeToken('n1', 'other'))));
    await until('the replaced credential is refused', async () => (await authn.authenticate(token)) === undefined);
  });

  void it('authenticates ServiceAccount tokens from any namespace until deleted', async (t) => {
    const { store, authn } = await setup(t);
    const key = await put(store, aServiceAccountTokenSecret({ namespace: 'apps', name: 'builder-token', serviceAccount: 'builder', token: 'sa-token-1' }));
    await until('the ServiceAccount token is indexed', async () => (await authn.authenticate('sa-token-1')) !== undefined);
    assert.deepEqual(await authn.authenticate('sa-token-1'), {
      user: 'system:serviceaccount:apps:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'],
    });
    await store.delete(key);
    await until('the deleted ServiceAccount token is refused', async () => (await authn.authenticate('sa-token-1')) === undefined);
  });

  void it('indexes the Secrets that existed before it started', async (t) => {
    const store = await openMemoryStore();
    await put(store, aServiceAccountTokenSecret({ namespace: 'apps', name: 'a-token', serviceAccount: 'a', token: 'early' }));
    const authn = createStoreAuthenticator({ store });
    t.after(async () => { authn.close(); await store.close(); });
    await authn.ready;
    assert.equal((await authn.authenticate('early'))?.user, 'system:serviceaccount:apps:a');
  });
});
