/**
 * The agent end of the heartbeat channel (protocol: src/api/heartbeat-channel.ts): one
 * WebSocket to the server, opened on the first renewal and reopened after it drops. A
 * renewal resolves with the Lease's new resourceVersion once the server has committed it.
 *
 * A partition leaves a TCP connection silent rather than closed, so a renewal (or an
 * opening) still unanswered after `stuckMs` abandons the connection: the next renewal goes
 * out on a fresh one instead of queueing behind a dead socket (the PUT path gets the same
 * from undici opening a second connection).
 */
import WebSocket from 'ws';
import type { LeaseRenewal } from '../api/node-lease.js';
import { heartbeatChannelPath, MAX_FRAME_BYTES, parseRenewalAnswer } from '../api/heartbeat-channel.js';
import { apiErrorFromResponse, ConnectionError } from './errors.js';

export interface HeartbeatChannelOptions {
  /** The API server, https://HOST:PORT (http:// for loopback tests). */
  server: string;
  token?: string;
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  nodeName: string;
  /** A connection with a renewal (or its opening) unanswered this long is abandoned. */
  stuckMs?: number;
  now?: () => number;
}

export interface HeartbeatChannel {
  /**
   * Renews the node's Lease; resolves to its resourceVersion. Rejects with the server's
   * ApiError (404: no Lease yet), a ConnectionError, or ChannelUnavailableError when the
   * server has no heartbeat channel (renew with PUT instead).
   */
  renew(renewal: LeaseRenewal): Promise<string>;
  close(): void;
}

/** The server refused the upgrade for a reason other than who we are: it serves no channel. */
export class ChannelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailableError';
  }
}

export function isChannelUnavailable(err: unknown): err is ChannelUnavailableError {
  return err instanceof ChannelUnavailableError;
}

export const DEFAULT_STUCK_MS = 1_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

interface Pending {
  resolve: (resourceVersion: string) => void;
  reject: (error: unknown) => void;
  sentAtMs: number;
}

interface Connection {
  socket: WebSocket;
  opened: Promise<void>;
  startedAtMs: number;
  open: boolean;
  pending: Map<number, Pending>;
}

export function openHeartbeatChannel(options: HeartbeatChannelOptions): HeartbeatChannel {
  const now = options.now ?? Date.now;
  const stuckMs = options.stuckMs ?? DEFAULT_STUCK_MS;
  const base = new URL(options.server);
  const url = `${base.protocol === 'http:' ? 'ws:' : 'wss:'}//${base.host}${base.pathname.replace(/\/+$/, '')}${heartbeatChannelPath(options.nodeName)}`;
  let current: Connection | undefined;
  let unavailable: ChannelUnavailableError | undefined;
  let closed = false;
  let seq = 0;

  function drop(connection: Connection, why: string): void {
    if (current === connection) current = undefined;
    connection.socket.terminate();
    const error = new ConnectionError(`heartbeat channel ${url}: ${why}`, { code: 'ECONNRESET' });
    for (const p of connection.pending.values()) p.reject(error);
    connection.pending.clear();
  }

  function connect(): Connection {
    const socket = new WebSocket(url, {
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      ...(options.caPem ? { ca: options.caPem } : {}),
      rejectUnauthorized: !options.insecureSkipTlsVerify,
      perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
    const opened = new Promise<void>((resolve, reject) => { settle = { resolve, reject }; });
    opened.catch(() => undefined); // a renewal that awaits it sees the rejection; nobody else must
    const connection: Connection = { socket, opened, startedAtMs: now(), open: false, pending: new Map() };

    socket.on('open', () => { connection.open = true; settle?.resolve(); });
    socket.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* not JSON: apiErrorFromResponse keeps the text */ }
        const error = apiErrorFromResponse(response.statusCode ?? 500, body);
        // Who we are is the agent's problem either way; anything else means no channel here.
        if (error.code !== 401 && error.code !== 403) unavailable = new ChannelUnavailableError(`${url}: ${error.message}`);
        settle?.reject(unavailable ?? error);
        drop(connection, error.message);
      });
    });
    socket.on('message', (data, isBinary) => {
      const answer = isBinary ? undefined : parseRenewalAnswer(data.toString());
      if (!answer?.ok) return drop(connection, answer ? answer.message : 'binary frame from the server');
      const waiting = connection.pending.get(answer.value.seq);
      if (!waiting) return;
      connection.pending.delete(answer.value.seq);
      if ('resourceVersion' in answer.value) waiting.resolve(answer.value.resourceVersion);
      else waiting.reject(apiErrorFromResponse(answer.value.status.code ?? 500, answer.value.status));
    });
    socket.on('error', (err) => {
      settle?.reject(new ConnectionError(`heartbeat channel ${url}: ${err.message}`, { code: (err as { code?: string }).code, cause: err }));
      drop(connection, err.message);
    });
    socket.on('close', (code, reason) => {
      const why = `closed (${code}${reason.length > 0 ? `: ${reason.toString()}` : ''})`;
      settle?.reject(new ConnectionError(`heartbeat channel ${url}: ${why}`, { code: 'ECONNRESET' }));
      drop(connection, why);
    });
    return connection;
  }

  /** True when the connection has waited on an answer or its opening for longer than stuckMs. */
  function stuck(connection: Connection, at: number): boolean {
    if (!connection.open) return at - connection.startedAtMs > stuckMs;
    for (const p of connection.pending.values()) if (at - p.sentAtMs > stuckMs) return true;
    return false;
  }

  return {
    async renew(renewal) {
      if (closed) throw new ConnectionError(`heartbeat channel ${url}: closed`, { code: 'ECONNRESET' });
      if (unavailable) throw unavailable;
      if (current && stuck(current, now())) drop(current, `no answer for over ${stuckMs} ms`);
      const connection = current ?? (current = connect());
      await connection.opened;
      if (connection.socket.readyState !== WebSocket.OPEN) throw new ConnectionError(`heartbeat channel ${url}: not open`, { code: 'ECONNRESET' });
      const frameSeq = ++seq;
      return new Promise<string>((resolve, reject) => {
        connection.pending.set(frameSeq, { resolve, reject, sentAtMs: now() });
        connection.socket.send(JSON.stringify({ seq: frameSeq, ...renewal }), (err) => {
          if (!err) return;
          connection.pending.delete(frameSeq);
          reject(new ConnectionError(`heartbeat channel ${url}: ${err.message}`, { code: 'ECONNRESET', cause: err }));
        });
      });
    },
    close() {
      closed = true;
      if (current) drop(current, 'closed');
    },
  };
}
