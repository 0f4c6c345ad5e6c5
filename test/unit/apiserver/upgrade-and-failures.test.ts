import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { pino } from 'pino';
import { createApiServer, staticTokenAuthenticator, type AgentDialer } from '../../../src/apiserver/index.js';
import { openMemoryStore, type Store } from '../../../src/store/index.js';
import { AUTH, TOKEN, aConfigMap, aPod, startFixture } from './helpers.js';
import { openWatch } from './watch-client.js';

/** Send an HTTP upgrade and collect what comes back on the socket. */
function upgrade(url: string, path: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { connection: 'Upgrade', upgrade: 'websocket', ...headers } });
    req.on('upgrade', (_res, socket, head: Buffer) => {
      let data = `HTTP/1.1 101\r\n${head.toString()}`;
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('exec upgrades', () => {
  it('hands the upgraded socket to the agent dialer with the parsed query', async (t) => {
    const seen: unknown[] = [];
    const dialer: AgentDialer = {
      logs: async () => ({ ok: false, error: new Error('unused') as never }),
      exec: async (pod, query, up) => {
        seen.push({ pod: pod.metadata.name, query });
        up.socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nhello');
        return { ok: true, value: undefined };
      },
    };
    const f = await startFixture(t, { agentDialer: dialer });
    await f.call('POST', '/api/v1/namespaces/default/pods', aPod('p', { node: 'n1' }));
    const { url } = await f.server.listen({ host: '127.0.0.1', port: 0 });
    const out = await upgrade(url, '/api/v1/namespaces/default/pods/p/exec?command=echo&command=hi&container=main&stdout=true', AUTH);
    assert.match(out, /hello$/);
    assert.deepEqual(seen, [{ pod: 'p', query: { container: 'main', command: ['echo', 'hi'], stdin: false, stdout: true, stderr: false, tty: false } }]);
  });

  it('answers a Status on the socket when the upgrade cannot be served', async (t) => {
    const f = await startFixture(t);
    await f.call('POST', '/api/v1/namespaces/default/pods', aPod('p', { node: 'n1' }));
    const { url } = await f.server.listen({ host: '127.0.0.1', port: 0 });
    const noAgent = await upgrade(url, '/api/v1/namespaces/default/pods/p/exec?command=ls', AUTH);
    assert.match(noAgent, /^503 .*no agent is serving node/);
    const noAuth = await upgrade(url, '/api/v1/namespaces/default/pods/p/exec?command=ls', {});
    assert.match(noAuth, /^401 /);
    const missing = await upgrade(url, '/api/v1/namespaces/default/pods/nosuch/exec?command=ls', AUTH);
    assert.match(missing, /^404 /);
    const spdy = await upgrade(url, '/api/v1/namespaces/default/pods/p/exec?command=ls', { ...AUTH, upgrade: 'SPDY/3.1' });
    assert.match(spdy, /^400 .*only WebSocket/);
  });
});

describe('failures', () => {
  it('ends a watch the store cut off as too slow, so the client re-watches', async (t) => {
    const real = await openMemoryStore();
    const store: Store = Object.create(real, {
      watch: {
        value: async (...args: Parameters<Store['watch']>) => {
          const result = await real.watch(...args);
          setTimeout(() => args[1].onClose('too-slow'), 20);
          return result;
        },
      },
    });
    const server = createApiServer({ store, logger: pino({ level: 'silent' }), tokens: staticTokenAuthenticator({ [TOKEN]: { user: 'a', groups: [] } }) });
    t.after(async () => {
      await server.close();
      await real.close();
    });
    const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
    const w = await openWatch(url, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1');
    t.after(() => w.close());
    assert.equal(w.status, 200);
    assert.equal(await w.next(), undefined);
  });

  it('turns an unexpected store failure into a logged 500 Status and keeps serving', async (t) => {
    const real = await openMemoryStore();
    let broken = false;
    const store: Store = Object.create(real, {
      get: { value: async (key: string) => (broken ? Promise.reject(new Error('disk on fire')) : real.get(key)) },
    });
    const logged: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const server = createApiServer({ store, logger, tokens: staticTokenAuthenticator({ [TOKEN]: { user: 'a', groups: [] } }) });
    t.after(async () => {
      await server.close();
      await real.close();
    });
    await server.app.ready();
    broken = true;
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/namespaces/default', headers: AUTH });
    assert.equal(res.statusCode, 500);
    assert.equal(JSON.parse(res.body).reason, 'InternalError');
    assert.equal(logged.length, 1);
    broken = false;
    const ok = await server.app.inject({ method: 'GET', url: '/api/v1/namespaces/default', headers: AUTH });
    assert.equal(ok.statusCode, 200);
  });

  it('closes with watches still open', async (t) => {
    const f = await startFixture(t);
    const { url } = await f.server.listen({ host: '127.0.0.1', port: 0 });
    await f.call('POST', '/api/v1/namespaces/default/configmaps', aConfigMap('a'));
    const w = await openWatch(url, '/api/v1/namespaces/default/configmaps?watch=true');
    t.after(() => w.close());
    assert.equal((await w.next()).type, 'ADDED');
    await f.server.close();
    assert.equal(await w.next(), undefined);
  });
});
