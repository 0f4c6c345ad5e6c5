import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { Resolver } from 'node:dns/promises';
import * as dnsPacket from 'dns-packet';
import { createDnsServer, type DnsServer, type ServiceTable } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';

const guard = { timeout: 10_000 };

const table: ServiceTable = aTable(
  anEntry({ name: 'web', namespace: 'shop', clusterIP: '127.10.0.5', ports: [{ name: 'http', protocol: 'TCP', port: 80, endpoints: [anEndpoint('127.0.0.1', 30000)] }] }),
  anEntry({ name: 'db', namespace: 'shop', headless: true, ports: [{ name: 'pg', protocol: 'TCP', port: 5432, endpoints: [anEndpoint('127.0.0.2', 31000), anEndpoint('127.0.0.3', 31001)] }] }),
  anEntry({ name: 'ext', namespace: 'shop', type: 'ExternalName', externalName: 'example.org' }),
  anEntry({ name: 'big', namespace: 'shop', headless: true, ports: [{ name: 'x', protocol: 'TCP', port: 1, endpoints: Array.from({ length: 60 }, (_, i) => anEndpoint(`127.1.0.${i + 1}`, 1000 + i)) }] }),
);

/** A stand-in for the host's resolver: answers every A query with 192.0.2.1 (TEST-NET-1), over UDP and TCP. */
async function startFakeUpstream(t: TestContext, opts: { silent?: boolean } = {}): Promise<{ port: number; queries: string[] }> {
  const state = { port: 0, queries: [] as string[] };
  const replyTo = (msg: Buffer): Buffer | undefined => {
    const query = dnsPacket.decode(msg);
    const q = query.questions?.[0];
    state.queries.push(q?.name ?? '');
    if (opts.silent || !q) return undefined;
    return dnsPacket.encode({ type: 'response', id: query.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: [q], answers: [{ type: 'A', name: q.name, ttl: 60, data: '192.0.2.1' }] });
  };
  const tcp = net.createServer((s) => {
    s.on('error', () => undefined);
    s.once('data', (d) => {
      const reply = replyTo(d.subarray(2, 2 + d.readUInt16BE(0)));
      if (reply) s.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]));
    });
  });
  t.after(() => tcp.close());
  // UDP and TCP must share a port number; retry in the rare case the TCP one is taken.
  for (let attempt = 0; ; attempt++) {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!ok && attempt < 5) {
      socket.close();
      continue;
    }
    socket.on('message', (msg, from) => {
      const reply = replyTo(msg);
      if (reply) socket.send(reply, from.port, from.address);
    });
    t.after(() => socket.close());
    state.port = port;
    return state;
  }
}

async function startServer(t: TestContext, upstreamPort: number, extra: { upstreamTimeoutMs?: number } = {}): Promise<DnsServer> {
  const server = await createDnsServer({ address: '127.0.0.1', port: 0, clusterDomain: 'cluster.local', upstream: [`127.0.0.1:${upstreamPort}`], table: () => table, ...extra });
  t.after(() => server.close());
  return server;
}

function udpQuery(t: TestContext, port: number, name: string, type: dnsPacket.RecordType): Promise<dnsPacket.DecodedPacket> {
  const socket = dgram.createSocket('udp4');
  t.after(() => socket.close());
  return new Promise((resolve) => {
    socket.once('message', (msg) => resolve(dnsPacket.decode(msg)));
    socket.send(dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] }), port, '127.0.0.1');
  });
}

function tcpQuery(t: TestContext, port: number, name: string, type: dnsPacket.RecordType): Promise<dnsPacket.DecodedPacket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  t.after(() => socket.destroy());
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) resolve(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
    });
    socket.write(dnsPacket.streamEncode({ type: 'query', id: 7, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] }));
  });
}

function rcodeOf(packet: dnsPacket.DecodedPacket): string {
  return (packet as unknown as { rcode: string }).rcode;
}

describe('DNS server', () => {
  it('answers A for a service through node\'s resolver', guard, async (t) => {
    const upstream = await startFakeUpstream(t);
    const server = await startServer(t, upstream.port);
    const resolver = new Resolver();
    resolver.setServers([`127.0.0.1:${server.port}`]);
    assert.deepEqual(await resolver.resolve4('web.shop.svc.cluster.local'), ['127.10.0.5']);
    assert.deepEqual((await resolver.resolve4('db.shop.svc.cluster.local')).sort(), ['127.0.0.2', '127.0.0.3']);
    assert.deepEqual(await resolver.resolve4('10-9-8-7.shop.pod.cluster.local'), ['10.9.8.7']);
    assert.deepEqual(upstream.queries, []);
  });

  it('answers SRV with port records and targets', guard, async (t) => {
    const server = await startServer(t, (await startFakeUpstream(t)).port);
    const resolver = new Resolver();
    resolver.setServers([`127.0.0.1:${server.port}`]);
    assert.deepEqual(await resolver.resolveSrv('_http._tcp.web.shop.svc.cluster.local'), [{ name: 'web.shop.svc.cluster.local', port: 80, priority: 0, weight: 100 }]);
  });

  it('answers CNAME for an ExternalName service', guard, async (t) => {
    const server = await startServer(t, (await startFakeUpstream(t)).port);
    const reply = await udpQuery(t, server.port, 'ext.shop.svc.cluster.local', 'A');
    assert.deepEqual(reply.answers?.map((a) => [a.type, (a as { data?: unknown }).data]), [['CNAME', 'example.org']]);
    assert.equal(reply.id, 4242);
    assert.equal(reply.flag_aa, true);
  });

  it('answers NXDOMAIN for unknown names in the cluster domain without asking upstream', guard, async (t) => {
    const upstream = await startFakeUpstream(t);
    const server = await startServer(t, upstream.port);
    const reply = await udpQuery(t, server.port, 'nope.shop.svc.cluster.local', 'A');
    assert.equal(rcodeOf(reply), 'NXDOMAIN');
    assert.equal(reply.authorities?.[0]?.type, 'SOA');
    assert.deepEqual(upstream.queries, []);
  });

  it('forwards other names to the upstream resolver', guard, async (t) => {
    const upstream = await startFakeUpstream(t);
    const server = await startServer(t, upstream.port);
    const reply = await udpQuery(t, server.port, 'example.org', 'A');
    assert.deepEqual(reply.answers?.map((a) => (a as { data?: unknown }).data), ['192.0.2.1']);
    assert.equal(reply.id, 4242);
    assert.deepEqual(upstream.queries, ['example.org']);
  });

  it('forwards TCP queries to the upstream over TCP', guard, async (t) => {
    const upstream = await startFakeUpstream(t);
    const server = await startServer(t, upstream.port);
    const reply = await tcpQuery(t, server.port, 'example.net', 'A');
    assert.deepEqual(reply.answers?.map((a) => (a as { data?: unknown }).data), ['192.0.2.1']);
    assert.deepEqual(upstream.queries, ['example.net']);
  });

  it('answers SERVFAIL when the upstream does not answer in time', guard, async (t) => {
    const upstream = await startFakeUpstream(t, { silent: true });
    const server = await startServer(t, upstream.port, { upstreamTimeoutMs: 100 });
    const reply = await udpQuery(t, server.port, 'example.org', 'A');
    assert.equal(rcodeOf(reply), 'SERVFAIL');
  });

  it('answers a malformed query with FORMERR and keeps serving', guard, async (t) => {
    const server = await startServer(t, (await startFakeUpstream(t)).port);
    const socket = dgram.createSocket('udp4');
    t.after(() => socket.close());
    const reply = new Promise<dnsPacket.DecodedPacket>((resolve) => socket.once('message', (m) => resolve(dnsPacket.decode(m))));
    socket.send(Buffer.from([0x12, 0x34, 0xff]), server.port, '127.0.0.1');
    const formErr = await reply;
    assert.equal(formErr.id, 0x1234);
    assert.equal(rcodeOf(formErr), 'FORMERR');
    assert.equal(rcodeOf(await udpQuery(t, server.port, 'web.shop.svc.cluster.local', 'A')), 'NOERROR');
  });

  it('truncates a UDP answer too big for 512 bytes, and gives it in full over TCP', guard, async (t) => {
    const server = await startServer(t, (await startFakeUpstream(t)).port);
    const overUdp = await udpQuery(t, server.port, 'big.shop.svc.cluster.local', 'A');
    assert.equal(overUdp.flag_tc, true);
    assert.equal(overUdp.answers?.length, 0);
    const overTcp = await tcpQuery(t, server.port, 'big.shop.svc.cluster.local', 'A');
    assert.equal(overTcp.answers?.length, 60);
  });
});
