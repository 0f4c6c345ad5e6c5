/**
 * Forwards a raw query to the upstream resolvers, first to last, each with a timeout, and
 * returns the raw reply (or undefined when none answered). UDP queries use a fresh socket each
 * so the source port is random and replies cannot be confused between queries; TCP queries
 * (clients that came over TCP, usually after a truncated UDP reply) go upstream over TCP.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { isIPv6 } from 'node:net';
import type { UpstreamServer } from './resolv-conf.js';

export function forwardUdp(query: Buffer, server: UpstreamServer, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(isIPv6(server.address) ? 'udp6' : 'udp4');
    const id = query.readUInt16BE(0);
    let done = false;
    const finish = (reply: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (reply, from) => {
      if (from.address !== server.address || from.port !== server.port || reply.length < 2 || reply.readUInt16BE(0) !== id) return;
      finish(reply);
    });
    socket.send(query, server.port, server.address);
  });
}

export function forwardTcp(query: Buffer, server: UpstreamServer, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: server.address, port: server.port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (reply: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) finish(received.subarray(2, 2 + received.readUInt16BE(0)));
    });
    const frame = Buffer.alloc(2 + query.length);
    frame.writeUInt16BE(query.length, 0);
    query.copy(frame, 2);
    socket.write(frame);
  });
}

export async function forwardToUpstreams(query: Buffer, servers: readonly UpstreamServer[], transport: 'udp' | 'tcp', timeoutMs: number): Promise<Buffer | undefined> {
  for (const server of servers) {
    const reply = transport === 'udp' ? await forwardUdp(query, server, timeoutMs) : await forwardTcp(query, server, timeoutMs);
    if (reply) return reply;
  }
  return undefined;
}
