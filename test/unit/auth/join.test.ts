/**
 * Joining end to end inside one process: a real HTTPS apiserver (cluster PKI in a temp
 * dir, memory store) with the store authenticator, the node authorizer and the join
 * routes, and the agent-side join client talking to it over loopback.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  checkJoinRequest, createJoinService, createNodeAuthorizer, createStoreAuthenticator, ensureJoinToken, joinCluster, joinTokenPath,
  mastersAuthorizer, obtainAgentCredentials, readAgentCredentials, secretStoreKey, unionAuthorizer,
} from '../../../src/auth/index.js';
import { createApiServer } from '../../../src/apiserver/index.js';
import { registerJoinRoutes } from '../../../src/apiserver/routes/join.js';
import { caCertHash, ensurePki, parseToken } from '../../../src/pki/index.js';
import { adminAuthenticator } from '../../../src/server/authenticator.js';
import { openMemoryStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/store.js';

const ADMIN = 'admin-token-for-join-tests';

void describe('joining a host', () => {
  let dir = '';
  let store: Store;
  let url = '';
  let caPem = '';
  let joinToken = '';
  const closers: Array<() => Promise<void> | void> = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tug-join-'));
    const pki = await ensurePki({ dataDir: dir, bind: '127.0.0.1' });
    caPem = pki.ca.certPem;
    store = await openMemoryStore();
    closers.push(() => store.close());
    const tokens = createStoreAuthenticator({ store, staticTokens: adminAuthenticator(ADMIN) });
    const nodes = createNodeAuthorizer({ store, catchUpMs: 0 });
    closers.push(() => { tokens.close(); nodes.close(); });
    await Promise.all([tokens.ready, nodes.ready]);
    const api = createApiServer({
      store, logger: pino({ level: 'silent' }), tokens,
      authorizer: unionAuthorizer([mastersAuthorizer, nodes, { authorize: () => ({ allowed: false, reason: 'no RBAC here' }) }]),
      https: { key: pki.serving.keyPem, cert: pki.serving.certPem },
    });
    registerJoinRoutes(api.app, { caPem, join: createJoinService({ store }).join });
    closers.push(() => api.close());
    url = (await api.listen({ host: '127.0.0.1', port: 0 })).url;
    joinToken = (await ensureJoinToken({ dataDir: dir, store, caPem })).token;
  });

  after(async () => {
    for (const close of closers.reverse()) await close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('writes the first join token once, 0600, pinning the CA', async () => {
    const again = await ensureJoinToken({ dataDir: dir, store, caPem });
    assert.deepEqual(again, { token: joinToken, created: false });
    assert.equal((await stat(joinTokenPath(dir))).mode & 0o777, 0o600);
    assert.equal(parseToken(joinToken)?.caHash, caCertHash(caPem));
  });

  void it('trades the join token for node credentials that work as system:node:<name>', async () => {
    const joined = await joinCluster({ server: url, token: joinToken, nodeName: 'n1' });
    assert.ok(joined.ok, !joined.ok ? joined.message : '');
    assert.equal(joined.credentials.user, 'system:node:n1');
    assert.equal(joined.credentials.caPem, caPem);
    const res = await fetchWith(joined.credentials.token, '/api/v1/nodes/n1');
    assert.equal(res, 404); // authenticated and authorized; the Node does not exist yet
    assert.equal(await fetchWith(joined.credentials.token, '/api/v1/namespaces/kube-system/secrets/tug-node-n1'), 403);
    assert.equal(await fetchWith(joinToken, '/api/v1/pods'), 403); // a join token can only join
  });

  void it('refuses a token whose CA hash does not match the server', async () => {
    const wrong = joinToken.replace(/^K10[0-9a-f]{64}/, `K10${'0'.repeat(64)}`);
    const joined = await joinCluster({ server: url, token: wrong, nodeName: 'n1' });
    assert.ok(!joined.ok);
    assert.match(joined.message, /^the server's CA \(sha256 [0-9a-f]{64}\) does not match the token \(0{64}\): wrong server or token$/);
  });

  void it('refuses a wrong token with the clear message', async () => {
    const wrong = joinToken.replace(/\.[A-Za-z0-9]+$/, `.${'W'.repeat(40)}`);
    const joined = await joinCluster({ server: url, token: wrong, nodeName: 'n1' });
    assert.deepEqual(joined, { ok: false, message: 'the server refused the join token (wrong, expired or revoked)' });
  });

  void it('needs a CA file for a token without the CA hash', async () => {
    const short = joinToken.slice(joinToken.indexOf('::') + 2);
    const without = await joinCluster({ server: url, token: short, nodeName: 'n1' });
    assert.ok(!without.ok && /--ca-file/.test(without.message));
    const withCa = await joinCluster({ server: url, token: short, nodeName: 'n1', caPem });
    assert.ok(withCa.ok);
  });

  void it('keeps credentials in credentials.json (0600), reuses them, and joins again once they are refused', async () => {
    const agentDir = join(dir, 'agent-n2');
    const first = await obtainAgentCredentials({ server: url, token: joinToken, nodeName: 'n2', agentDataDir: agentDir });
    assert.ok(first.ok && !first.reused);
    assert.equal((await stat(join(agentDir, 'credentials.json'))).mode & 0o777, 0o600);
    const second = await obtainAgentCredentials({ server: url, token: joinToken, nodeName: 'n2', agentDataDir: agentDir });
    assert.ok(second.ok && second.reused);
    assert.equal(second.credentials.token, first.credentials.token);
    // The server forgets the credential (e.g. it was revoked): the agent joins again.
    await store.delete(secretStoreKey('kube-system', 'tug-node-n2'));
    const third = await obtainAgentCredentials({ server: url, token: joinToken, nodeName: 'n2', agentDataDir: agentDir });
    assert.ok(third.ok && !third.reused);
    assert.notEqual(third.credentials.token, first.credentials.token);
    assert.equal((await readAgentCredentials(agentDir))?.token, third.credentials.token);
  });

  void it('stops new joins once the join token is revoked', async () => {
    const id = parseToken(joinToken)!.id;
    await store.delete(secretStoreKey('kube-system', `tug-token-${id}`));
    const joined = await joinCluster({ server: url, token: joinToken, nodeName: 'n3' });
    assert.deepEqual(joined, { ok: false, message: 'the server refused the join token (wrong, expired or revoked)' });
  });

  async function fetchWith(token: string, path: string): Promise<number> {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      request(`${url}${path}`, { ca: caPem, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }).on('error', reject).end();
    });
  }
});

void describe('join request checks', () => {
  void it('lets only bootstrappers and masters join, under a valid node name', () => {
    const boot = { user: 'system:bootstrap:abc123', groups: ['system:bootstrappers'] };
    assert.deepEqual(checkJoinRequest(boot, { nodeName: 'n1' }), { ok: true, nodeName: 'n1' });
    assert.deepEqual(checkJoinRequest({ user: 'admin', groups: ['system:masters'] }, { nodeName: 'n1' }), { ok: true, nodeName: 'n1' });
    assert.equal((checkJoinRequest({ user: 'tug:token:abc123', groups: ['system:authenticated'] }, { nodeName: 'n1' }) as { code: number }).code, 403);
    for (const body of [undefined, {}, { nodeName: 'Bad_Name' }, { nodeName: 7 }]) {
      assert.equal((checkJoinRequest(boot, body) as { code: number }).code, 400, JSON.stringify(body));
    }
  });
});
