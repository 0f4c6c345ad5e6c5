/**
 * One proxied TCP connection. Until the backend sends its first byte the connection is "on
 * probation": client bytes are written to the backend *and* kept (up to replayBufferBytes), so
 * if the backend refuses, resets, times out or closes without a reply, the same bytes are
 * replayed to another ready endpoint and the client never notices. After the first backend
 * byte (or once the replay buffer is full) the two sockets are joined with pipe(), which
 * handles backpressure natively; allowHalfOpen on both sides keeps half-close intact.
 *
 * Trade-off: a backend that consumed a request and then closed without replying will see the
 * request replayed elsewhere; docker-proxy's accept-then-close on a dead container is the case
 * this exists for, and it never delivers the bytes.
 */
import net from 'node:net';
import type { ServiceEndpoint } from '../types.js';
import type { Balancer } from './balancer.js';
import type { ConnectionTracker } from './connections.js';
import { endpointKey } from './plan.js';
import type { NetLogger } from '../logger.js';

export interface TcpSessionContext {
  balancer: Balancer;
  tracker: ConnectionTracker;
  service: string;
  portName: string;
  maxConnectTries: number;
  connectTimeoutMs: number;
  replayBufferBytes: number;
  logger: NetLogger;
}

type Phase = 'connecting' | 'probation' | 'committed' | 'closed';

export function proxyTcpConnection(client: net.Socket, ctx: TcpSessionContext): void {
  const clientIp = client.remoteAddress;
  const tried = new Set<string>();
  const replay: Buffer[] = [];
  let replayBytes = 0;
  let clientEnded = false;
  let phase: Phase = 'connecting';
  let backend: net.Socket | undefined;
  /** Removes the current backend's probation listeners; set by dial(). */
  let endProbation = (): void => undefined;

  client.setNoDelay(true);
  client.on('error', (err) => {
    ctx.logger.debug({ service: ctx.service, err: err.message }, 'client socket error');
  });
  const onEarlyClientClose = (): void => {
    phase = 'closed';
    backend?.destroy();
  };
  client.once('close', onEarlyClientClose);

  const onClientData = (chunk: Buffer): void => {
    replay.push(chunk);
    replayBytes += chunk.length;
    if (phase === 'probation') backend?.write(chunk);
    if (replayBytes >= ctx.replayBufferBytes) {
      // Too much to keep for replay: stop reading until we can commit to the backend.
      if (phase === 'probation' && backend) commit(backend);
      else client.pause();
    }
  };
  const onClientEnd = (): void => {
    clientEnded = true;
    if (phase === 'probation') backend?.end();
  };
  client.on('data', onClientData);
  client.once('end', onClientEnd);

  function commit(sock: net.Socket, firstChunk?: Buffer): void {
    phase = 'committed';
    endProbation();
    client.off('data', onClientData);
    client.off('end', onClientEnd);
    replay.length = 0;
    if (firstChunk) client.write(firstChunk);
    if (!clientEnded) client.pipe(sock);
    sock.pipe(client);
    client.off('close', onEarlyClientClose);
    // After commit an error on either side tears the pair down; a clean close lets the other flush.
    client.once('close', (hadError) => closePeer(sock, hadError));
    sock.once('close', (hadError) => closePeer(client, hadError));
  }

  function closePeer(peer: net.Socket, hadError: boolean): void {
    if (peer.destroyed) return;
    if (hadError) peer.resetAndDestroy();
    else peer.end();
  }

  function giveUp(reason: string): void {
    phase = 'closed';
    ctx.logger.debug({ service: ctx.service, port: ctx.portName, tried: [...tried], reason }, 'no endpoint accepted the connection');
    // A reset tells the client at once that nobody is there, like a rejected SYN would.
    if (!client.destroyed) client.resetAndDestroy();
  }

  function attempt(): void {
    if (phase === 'closed') return;
    const endpoint = ctx.balancer.pick(clientIp, tried);
    if (!endpoint) return giveUp(tried.size === 0 ? 'no ready endpoints' : 'all tried endpoints failed');
    tried.add(endpointKey(endpoint));
    dial(endpoint);
  }

  function dial(endpoint: ServiceEndpoint): void {
    phase = 'connecting';
    const sock = net.connect({ host: endpoint.ip, port: endpoint.port, allowHalfOpen: true, noDelay: true });
    backend = sock;
    let release: (() => void) | undefined;
    sock.setTimeout(ctx.connectTimeoutMs);
    const onTimeout = (): void => {
      sock.destroy(new Error(`connect to ${endpointKey(endpoint)} timed out`));
    };
    sock.once('timeout', onTimeout);
    sock.on('error', (err) => {
      ctx.logger.debug({ service: ctx.service, endpoint: endpointKey(endpoint), err: err.message }, 'backend socket error');
    });
    const onFirstData = (chunk: Buffer): void => commit(sock, chunk);
    const onEarlyEnd = (): void => {
      if (phase === 'probation') sock.destroy();
    };
    sock.once('connect', () => {
      sock.setTimeout(0);
      sock.off('timeout', onTimeout);
      release = ctx.tracker.open(ctx.service, ctx.portName, 'TCP', endpointKey(endpoint));
      if (phase !== 'connecting') return;
      phase = 'probation';
      for (const chunk of replay) sock.write(chunk);
      if (clientEnded) sock.end();
      if (replayBytes >= ctx.replayBufferBytes) commit(sock);
    });
    sock.once('data', onFirstData);
    sock.once('end', onEarlyEnd);
    endProbation = () => {
      sock.off('data', onFirstData);
      sock.off('end', onEarlyEnd);
    };
    sock.once('close', () => {
      release?.();
      sock.off('data', onFirstData);
      if (phase === 'connecting' || phase === 'probation') {
        if (tried.size < ctx.maxConnectTries) attempt();
        else giveUp('tries exhausted');
      }
    });
  }

  attempt();
}
