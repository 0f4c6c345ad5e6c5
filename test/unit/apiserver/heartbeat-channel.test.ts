/**
 * The heartbeat channel end to end on loopback: the server's WebSocket endpoint and renewer
 * (src/apiserver/heartbeats) with the agent's client (src/client/heartbeat-channel.ts).
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import WebSocket, { WebSocketServer } from 'ws';
import { createApiServer, staticTokenAuthenticator } from '../../../src/apiserver/index.js';
import type { Authorizer } from '../../../src/apiserver/types.js';
import { PROXY_REVISION_ANNOTATION } from '../../../src/api/node-lease.js';
import { isConnectionError, isForbidden, isNotFound, isUnauthorized } from '../../../src/client/errors.js';
import { isChannelUnavailable, openHeartbeatChannel, type HeartbeatChannel } from '../../../src/client/heartbeat-channel.js';
import { openMemoryStore } from '../../../src/store/index.js';

const TOKEN = 'node-token';
const LEASE_PATH = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
const renewal = (second: number, proxyRevision?: string | null) => ({
  renewTime: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000Z`, leaseDurationSeconds: 6,
  ...(proxyRevision !== undefined ? { proxyRevision } : {}),
});

/** system:masters may do anything; others update only the Lease named like them (as the node authorizer does). */
const ownLeaseOnly: Authorizer = {
  authorize: (a) => (a.user.groups.includes('system:masters') || a.resource !== 'leases' || a.name === a.user.user
    ? { allowed: true } : { allowed: false, reason: 'not your lease' }),
};

async function startServer(t: TestContext, batchWindowMs = 5) {
  const store = await openMemoryStore();
  const server = createApiServer({
    store, logger: pino({ level: 'silent' }), authorizer: ownLeaseOnly, heartbeatBatchWindowMs: batchWindowMs,
    tokens: staticTokenAuthenticator({ [TOKEN]: { user: 'n1', groups: [] }, 'n2-token': { user: 'n2', groups: [] }, admin: { user: 'admin', groups: ['system:masters'] } }),
  });
  t.after(async () => {
    await server.close();
    await store.close();
  });
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await server.app.inject({ method: method as 'GET', url: path, headers: { authorization: 'Bearer admin', 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.statusCode, json: JSON.parse(res.body) };
  };
  const createLease = (name: string) => api('POST', LEASE_PATH, {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, labels: { keep: 'me' } },
    spec: { holderIdentity: name, leaseDurationSeconds: 6, renewTime: '2026-01-01T00:00:00.000000Z' },
  });
  return { url, api, createLease };
}

function channel(t: TestContext, url: string, nodeName = 'n1', token = TOKEN, stuckMs?: number): HeartbeatChannel {
  const c = openHeartbeatChannel({ server: url, token, nodeName, ...(stuckMs ? { stuckMs } : {}) });
  t.after(() => c.close());
  return c;
}

void describe('heartbeat channel', () => {
  void it('renews the Lease and answers with its new resourceVersion; other fields stay', async (t) => {
    const s = await startServer(t);
    assert.equal((await s.createLease('n1')).status, 201);
    const c = channel(t, s.url);
    const rv = await c.renew(renewal(7, '42'));
    const lease = (await s.api('GET', `${LEASE_PATH}/n1`)).json;
    assert.equal(lease.metadata.resourceVersion, rv);
    assert.equal(lease.spec.renewTime, '2026-01-01T00:00:07.000000Z');
    assert.equal(lease.spec.leaseDurationSeconds, 6);
    assert.equal(lease.metadata.annotations[PROXY_REVISION_ANNOTATION], '42');
    assert.equal(lease.metadata.labels.keep, 'me');
    // Absent leaves the proxy revision as it is; null removes it.
    await c.renew(renewal(8));
    assert.equal((await s.api('GET', `${LEASE_PATH}/n1`)).json.metadata.annotations[PROXY_REVISION_ANNOTATION], '42');
    await c.renew(renewal(9, null));
    assert.equal((await s.api('GET', `${LEASE_PATH}/n1`)).json.metadata.annotations, undefined);
  });

  void it('answers NotFound when there is no Lease to renew', async (t) => {
    const s = await startServer(t);
    await assert.rejects(channel(t, s.url).renew(renewal(1)), (err) => isNotFound(err));
  });

  void it('renews many nodes at once, each exactly once, and survives a PUT in between', async (t) => {
    const s = await startServer(t, 20);
    const names = Array.from({ length: 20 }, (_, i) => `n${i + 10}`);
    for (const name of names) await s.createLease(name);
    const clients = names.map((n) => channel(t, s.url, n, 'admin'));
    const rvs = await Promise.all(clients.map((c, i) => c.renew(renewal(i + 1))));
    assert.equal(new Set(rvs).size, names.length, 'every renewal is its own revision');
    for (const [i, name] of names.entries()) {
      assert.equal((await s.api('GET', `${LEASE_PATH}/${name}`)).json.spec.renewTime, renewal(i + 1).renewTime);
    }
    // Someone else writes the Lease: the next renewal starts from that write, not from its own last one.
    const current = (await s.api('GET', `${LEASE_PATH}/${names[0]}`)).json;
    current.metadata.labels = { added: 'by-put' };
    assert.equal((await s.api('PUT', `${LEASE_PATH}/${names[0]}`, current)).status, 200);
    await clients[0].renew(renewal(59));
    const after = (await s.api('GET', `${LEASE_PATH}/${names[0]}`)).json;
    assert.equal(after.metadata.labels.added, 'by-put');
    assert.equal(after.spec.renewTime, renewal(59).renewTime);
  });

  void it('refuses a wrong token (401) and another node\'s Lease (403), which are not "no channel"', async (t) => {
    const s = await startServer(t);
    await s.createLease('n1');
    const wrong = channel(t, s.url, 'n1', 'nope');
    await assert.rejects(wrong.renew(renewal(1)), (err) => isUnauthorized(err) && !isChannelUnavailable(err));
    const other = channel(t, s.url, 'n1', 'n2-token');
    await assert.rejects(other.renew(renewal(1)), (err) => isForbidden(err) && /not your lease/.test((err as Error).message));
  });

  void it('reports "no channel" when the server refuses the upgrade for another reason', async (t) => {
    const plain: Server = createServer();
    plain.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"kind":"Status","apiVersion":"v1","status":"Failure","message":"upgrade is only supported for pods/exec","reason":"BadRequest","code":400}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const c = channel(t, `http://127.0.0.1:${(plain.address() as AddressInfo).port}`);
    await assert.rejects(c.renew(renewal(1)), (err) => isChannelUnavailable(err) && /pods\/exec/.test((err as Error).message));
    await assert.rejects(c.renew(renewal(2)), (err) => isChannelUnavailable(err), 'and keeps saying so without dialling again');
  });

  void it('closes the connection on a malformed frame, naming the problem', async (t) => {
    const s = await startServer(t);
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/tugboat/v1/nodes/n1/heartbeat`, { headers: { authorization: `Bearer ${TOKEN}` } });
    t.after(() => ws.terminate());
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.send(JSON.stringify({ seq: 1, renewTime: 'yesterday', leaseDurationSeconds: 6 }));
    const [code, reason] = await new Promise<[number, string]>((resolve) => ws.once('close', (c, r) => resolve([c, r.toString()])));
    assert.equal(code, 1007);
    assert.match(reason, /renewTime must be a MicroTime/);
  });

  void it('abandons a connection whose answer is overdue and renews on a fresh one', async (t) => {
    // A server that accepts every connection but answers only on the second one (the first is "partitioned").
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    let connections = 0;
    wss.on('connection', (ws) => {
      const index = ++connections;
      ws.on('message', (data) => { if (index > 1) ws.send(JSON.stringify({ seq: JSON.parse(data.toString()).seq, resourceVersion: '99' })); });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => { for (const ws of wss.clients) ws.terminate(); wss.close(); http.close(() => resolve()); }));
    const c = channel(t, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, 'n1', TOKEN, 100);
    const stuck = c.renew(renewal(1)).then(() => undefined, (err: unknown) => err);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(await c.renew(renewal(2)), '99');
    const err = await stuck;
    assert.ok(isConnectionError(err) && /no answer for over 100 ms/.test(err.message), String(err));
    assert.equal(connections, 2);
  });
});
