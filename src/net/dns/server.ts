/**
 * The cluster DNS server: UDP and TCP on one address and port. Names in the cluster domain are
 * answered from the ServiceTable by the pure `answer()`; everything else is relayed verbatim to
 * the upstream resolvers (SERVFAIL when none answers in time).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { ServiceTable } from '../types.js';
import { dnsDefaults } from '../defaults.js';
import { silentNetLogger, type NetLogger } from '../logger.js';
import { answer, type AnswerOptions } from './answer.js';
import { parseUpstream, readSystemNameservers, type UpstreamServer } from './resolv-conf.js';
import { forwardToUpstreams } from './upstream.js';

export interface DnsServerOptions {
  address?: string;
  /** 0 picks a free port (UDP and TCP get the same one). */
  port: number;
  clusterDomain?: string;
  /** `ip` or `ip:port` strings; default: the nameservers of /etc/resolv.conf. */
  upstream?: readonly string[];
  /** Read on every query, so the server always answers from the latest table. */
  table: () => ServiceTable;
  ttlSeconds?: number;
  upstreamTimeoutMs?: number;
  logger?: NetLogger;
}

export interface DnsServer {
  address: string;
  port: number;
  close(): Promise<void>;
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const RCODE_FORMERR = 1;

export async function createDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const address = options.address ?? '127.0.0.1';
  const logger = options.logger ?? silentNetLogger;
  const answerOptions: AnswerOptions = { clusterDomain: options.clusterDomain ?? dnsDefaults.clusterDomain, ttlSeconds: options.ttlSeconds ?? dnsDefaults.ttlSeconds };
  const timeoutMs = options.upstreamTimeoutMs ?? dnsDefaults.upstreamTimeoutMs;
  const configured = options.upstream ? options.upstream.map(parseUpstream) : await readSystemNameservers();

  const tcpClients = new Set<net.Socket>();
  const { udp, tcp } = await bindUdpAndTcp(address, options.port, (socket) => {
    tcpClients.add(socket);
    socket.once('close', () => tcpClients.delete(socket));
    serveTcpConnection(socket, (q) => respond(q, 'tcp'), logger);
  });
  udp.on('error', (err) => logger.warn({ err: err.message }, 'dns udp socket error'));
  tcp.on('error', (err) => logger.warn({ err: err.message }, 'dns tcp listener error'));
  const port = udp.address().port;
  // Never forward to ourselves: a resolv.conf naming this server would loop every query.
  const upstreams: UpstreamServer[] = configured.filter((u) => !(u.address === address && u.port === port));

  async function respond(query: Buffer, transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
    let packet: dnsPacket.DecodedPacket;
    try {
      packet = dnsPacket.decode(query);
    } catch {
      return query.length >= 2 ? errorReply(query.readUInt16BE(0), [], RCODE_FORMERR) : undefined;
    }
    if (packet.type !== 'query') return undefined;
    const question = packet.questions?.[0];
    if (!question) return errorReply(packet.id ?? 0, [], RCODE_FORMERR);
    const decision = answer(question, options.table(), answerOptions);
    if (decision.kind === 'forward') {
      const reply = await forwardToUpstreams(query, upstreams, transport, timeoutMs);
      if (!reply) logger.debug({ name: question.name, type: question.type }, 'no upstream answered');
      return reply ?? errorReply(packet.id ?? 0, packet.questions ?? [], RCODE_SERVFAIL);
    }
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_AVAILABLE | (packet.flag_rd ? dnsPacket.RECURSION_DESIRED : 0)
      | (decision.rcode === 'NXDOMAIN' ? RCODE_NXDOMAIN : 0);
    const reply: dnsPacket.Packet = {
      type: 'response', id: packet.id, flags, questions: [question],
      answers: decision.answers, authorities: decision.authorities, additionals: decision.additionals,
    };
    const encoded = dnsPacket.encode(reply);
    if (transport === 'udp' && encoded.length > udpLimit(packet)) {
      // Too big for the client's UDP buffer: say so, and it retries over TCP.
      return dnsPacket.encode({ ...reply, flags: flags | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: [] });
    }
    return encoded;
  }

  udp.on('message', (query, from) => {
    respond(query, 'udp').then((reply) => {
      if (reply) udp.send(reply, from.port, from.address);
    }, (err: Error) => logger.warn({ err: err.message }, 'dns query failed'));
  });

  logger.info({ address, port, upstreams: upstreams.map((u) => `${u.address}:${u.port}`) }, 'dns server listening');

  return {
    address,
    port,
    close: () => new Promise<void>((resolve) => {
      udp.close();
      tcp.close(() => resolve());
      // Idle keep-alive TCP clients must not hold shutdown open.
      for (const socket of tcpClients) socket.destroy();
    }),
  };
}

/** EDNS clients advertise their buffer size in the OPT record; others get the classic 512. */
function udpLimit(packet: dnsPacket.DecodedPacket): number {
  const opt = packet.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return Math.max(dnsDefaults.udpPayloadBytes, opt?.udpPayloadSize ?? 0);
}

function errorReply(id: number, questions: dnsPacket.Question[], rcode: number): Buffer {
  return dnsPacket.encode({ type: 'response', id, flags: dnsPacket.RECURSION_AVAILABLE | rcode, questions });
}

/** DNS over TCP: each message is prefixed by its 2-byte length; a connection may carry many. */
function serveTcpConnection(socket: net.Socket, respond: (query: Buffer) => Promise<Buffer | undefined>, logger: NetLogger): void {
  let pending = Buffer.alloc(0);
  socket.on('error', (err) => logger.debug({ err: err.message }, 'dns tcp client error'));
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + query.length);
      respond(query).then((reply) => {
        if (!reply || socket.destroyed) return;
        const frame = Buffer.alloc(2);
        frame.writeUInt16BE(reply.length, 0);
        socket.write(Buffer.concat([frame, reply]));
      }, (err: Error) => logger.warn({ err: err.message }, 'dns query failed'));
    }
  });
}

/** Tries for port 0: a free UDP port whose TCP twin is taken (by anyone) is given up for another. */
const PAIR_BIND_ATTEMPTS = 5;

/** UDP and TCP sockets on the same address and port. */
async function bindUdpAndTcp(address: string, port: number, onConnection: (socket: net.Socket) => void): Promise<{ udp: dgram.Socket; tcp: net.Server }> {
  for (let attempt = 1; ; attempt++) {
    const udp = dgram.createSocket({ type: net.isIPv6(address) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address, port, exclusive: true }, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const tcp = net.createServer(onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: address, port: udp.address().port, exclusive: true }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp };
    } catch (err) {
      udp.close();
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (port !== 0 || !inUse || attempt >= PAIR_BIND_ATTEMPTS) throw err;
    }
  }
}
