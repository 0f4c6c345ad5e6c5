import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { createProxy, type ServiceEndpoint, type ServiceProxy, type ServiceTable } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';
import {
  aClosedPort, connectClient, httpGet, randomLoopback, startAcceptThenCloseBackend, startCountingBackend,
  startEchoBackend, startHttpBackend, startUdpEcho, until, type Backend,
} from './sockets.js';

const PORT = 8080;
const guard = { timeout: 10_000 };

function startProxy(t: TestContext, extra: { nodeAddress?: string; udpIdleTimeoutMs?: number } = {}): ServiceProxy {
  const proxy = createProxy({ nodeAddress: extra.nodeAddress ?? randomLoopback(20), clusterIPRange: '127.10.0.0/16', ...(extra.udpIdleTimeoutMs ? { udpIdleTimeoutMs: extra.udpIdleTimeoutMs } : {}) });
  t.after(() => proxy.close());
  return proxy;
}

function ep(b: Backend, extra: Partial<ServiceEndpoint> = {}): ServiceEndpoint {
  return anEndpoint(b.ip, b.port, extra);
}

function tcpService(clusterIP: string, endpoints: ServiceEndpoint[], extra: { sessionAffinity?: 'ClientIP'; nodePort?: number } = {}): ServiceTable {
  return aTable(anEntry({
    name: 'web', clusterIP, sessionAffinity: extra.sessionAffinity ?? 'None', type: extra.nodePort ? 'NodePort' : 'ClusterIP',
    ports: [{ name: 'http', protocol: 'TCP', port: PORT, endpoints, ...(extra.nodePort ? { nodePort: extra.nodePort } : {}) }],
  }));
}

async function names(host: string, count: number, localAddress?: string): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(await httpGet(host, PORT, localAddress));
  return out;
}

describe('service proxy (TCP)', () => {
  it('spreads new connections over all ready endpoints', guard, async (t) => {
    const backends = await Promise.all(['a', 'b', 'c'].map((n) => startHttpBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    const result = await proxy.sync(tcpService(ip, backends.map((b) => ep(b))));
    assert.deepEqual(result.opened, [`TCP/${ip}:${PORT}`]);
    const seen = await names(ip, 12);
    assert.deepEqual([...new Set(seen)].sort(), ['a', 'b', 'c']);
  });

  it('stops sending new connections to an endpoint as soon as sync marks it not ready', guard, async (t) => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => startHttpBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(a), ep(b), ep(c)]));
    await names(ip, 3);
    await proxy.sync(tcpService(ip, [ep(a), ep(b, { ready: false }), ep(c)]));
    const seen = await names(ip, 12);
    assert.equal(seen.includes('b'), false);
    assert.deepEqual([...new Set(seen)].sort(), ['a', 'c']);
  });

  it('treats a terminating endpoint like a removed one', guard, async (t) => {
    const [a, b] = await Promise.all(['a', 'b'].map((n) => startHttpBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(a), ep(b, { terminating: true })]));
    assert.deepEqual([...new Set(await names(ip, 6))], ['a']);
  });

  it('lets an open connection to a removed endpoint finish while new ones go elsewhere (draining)', guard, async (t) => {
    const [a, b] = await Promise.all(['a', 'b'].map((n) => startEchoBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(a)]));
    const longLived = await connectClient(t, ip, PORT);
    assert.equal(await longLived.ask('hello'), 'a:hello');

    await proxy.sync(tcpService(ip, [ep(b)]));
    const fresh = await connectClient(t, ip, PORT);
    assert.equal(await fresh.ask('hi'), 'b:hi');
    assert.equal(await longLived.ask('still there?'), 'a:still there?');
    const state = proxy.drainState();
    assert.equal(state.draining, 1);
    assert.deepEqual(state.endpoints.filter((e) => !e.ready).map((e) => [e.service, e.endpoint, e.connections]), [['default/web', `127.0.0.1:${a.port}`, 1]]);

    longLived.socket.end();
    await until(() => proxy.drainState().draining === 0, 'the drained connection to be released');
  });

  it('retries a refused endpoint on another one without the client noticing', guard, async (t) => {
    const good = await startHttpBackend(t, 'good');
    const deadPort = await aClosedPort();
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [anEndpoint('127.0.0.1', deadPort), ep(good)]));
    assert.deepEqual(await names(ip, 6), Array(6).fill('good'));
  });

  it('replays the request when an endpoint accepts and closes without replying (docker-proxy to a dead container)', guard, async (t) => {
    const good = await startHttpBackend(t, 'good');
    const closer = await startAcceptThenCloseBackend(t);
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(closer), ep(good)]));
    assert.deepEqual(await names(ip, 6), Array(6).fill('good'));
    assert.ok(closer.connections > 0, 'the closing endpoint was tried');
  });

  it('closes a connection at once when the service has no ready endpoints', guard, async (t) => {
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, []));
    const socket = net.connect({ host: ip, port: PORT });
    socket.on('error', () => undefined);
    t.after(() => socket.destroy());
    const received: Buffer[] = [];
    socket.on('data', (d) => received.push(d));
    await new Promise((resolve) => socket.once('close', resolve));
    assert.equal(Buffer.concat(received).length, 0);
  });

  it('keeps a client on one endpoint with ClientIP affinity', guard, async (t) => {
    const backends = await Promise.all(['a', 'b', 'c'].map((n) => startHttpBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, backends.map((b) => ep(b)), { sessionAffinity: 'ClientIP' }));
    const first = await names(ip, 6, '127.0.0.5');
    const second = await names(ip, 6, '127.0.0.6');
    assert.equal(new Set(first).size, 1);
    assert.equal(new Set(second).size, 1);
  });

  it('serves the NodePort on the node address', guard, async (t) => {
    const a = await startHttpBackend(t, 'a');
    const nodeAddress = randomLoopback(20);
    const proxy = startProxy(t, { nodeAddress });
    const ip = randomLoopback(10);
    const result = await proxy.sync(tcpService(ip, [ep(a)], { nodePort: 30080 }));
    assert.deepEqual(result.opened.sort(), [`TCP/${ip}:${PORT}`, `TCP/${nodeAddress}:30080`].sort());
    assert.equal(await httpGet(nodeAddress, 30080), 'a');
  });

  it('closes listeners of removed services and reopens them when they return', guard, async (t) => {
    const a = await startHttpBackend(t, 'a');
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(a)]));
    const removed = await proxy.sync(new Map());
    assert.deepEqual(removed.closed, [`TCP/${ip}:${PORT}`]);
    await assert.rejects(httpGet(ip, PORT), /ECONNREFUSED/);
    await proxy.sync(tcpService(ip, [ep(a)]));
    assert.equal(await httpGet(ip, PORT), 'a');
  });

  it('applies overlapping syncs in call order', guard, async (t) => {
    const [a, b] = await Promise.all(['a', 'b'].map((n) => startHttpBackend(t, n)));
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    const first = proxy.sync(tcpService(ip, [ep(a)]));
    const second = proxy.sync(tcpService(ip, [ep(b)]));
    assert.deepEqual((await first).opened, [`TCP/${ip}:${PORT}`]);
    assert.deepEqual((await second).opened, []);
    assert.deepEqual(await names(ip, 3), ['b', 'b', 'b']);
  });

  it('reports a listener that cannot bind as a failure, not an exception', guard, async (t) => {
    const ip = randomLoopback(10);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(PORT, ip, resolve));
    t.after(() => squatter.close());
    const proxy = startProxy(t);
    const result = await proxy.sync(tcpService(ip, []));
    assert.deepEqual(result.failed.map((f) => [f.key, f.code]), [[`TCP/${ip}:${PORT}`, 'EADDRINUSE']]);
  });

  it('preserves half-close and moves large payloads intact', guard, async (t) => {
    const counter = await startCountingBackend(t, 'n');
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    await proxy.sync(tcpService(ip, [ep(counter)]));
    const socket = net.connect({ host: ip, port: PORT });
    t.after(() => socket.destroy());
    const payload = Buffer.alloc(4 * 1024 * 1024, 7);
    const reply = new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (d) => { text += d.toString(); });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    socket.end(payload);
    assert.equal(await reply, `n:${payload.length}`);
  });
});

describe('service proxy (UDP)', () => {
  it('relays datagrams both ways per client flow', guard, async (t) => {
    const echo = await startUdpEcho(t, 'u');
    const proxy = startProxy(t, { udpIdleTimeoutMs: 200 });
    const ip = randomLoopback(10);
    await proxy.sync(aTable(anEntry({ name: 'dns', clusterIP: ip, ports: [{ name: 'dns', protocol: 'UDP', port: 5353, endpoints: [ep(echo)] }] })));
    const client = dgram.createSocket('udp4');
    t.after(() => client.close());
    const reply = new Promise<string>((resolve) => client.once('message', (m) => resolve(m.toString())));
    client.send('ping', 5353, ip);
    assert.equal(await reply, 'u:ping');
    assert.equal(proxy.drainState().active, 1);
    await until(() => proxy.drainState().active === 0, 'the idle UDP flow to expire');
  });

  it('moves a client flow to a ready endpoint when its endpoint is removed', guard, async (t) => {
    const [one, two] = await Promise.all([startUdpEcho(t, 'one'), startUdpEcho(t, 'two')]);
    const proxy = startProxy(t);
    const ip = randomLoopback(10);
    const service = (endpoints: ServiceEndpoint[]) => aTable(anEntry({ name: 'dns', clusterIP: ip, ports: [{ name: 'dns', protocol: 'UDP', port: 5353, endpoints }] }));
    await proxy.sync(service([ep(one)]));
    const client = dgram.createSocket('udp4');
    t.after(() => client.close());
    const ask = (text: string) => new Promise<string>((resolve) => {
      client.once('message', (m) => resolve(m.toString()));
      client.send(text, 5353, ip);
    });
    assert.equal(await ask('a'), 'one:a');
    await proxy.sync(service([ep(two)]));
    assert.equal(await ask('b'), 'two:b');
    assert.equal(proxy.drainState().draining, 1);
  });
});
