/**
 * The agent's HTTPS endpoint (kubelet's port 10250): container logs and exec for the
 * apiserver only. Mutual TLS, as kubelet does it: the TLS layer admits only client
 * certificates signed by the cluster CA, and each request must come from the one whose CN
 * is the apiserver's. The serving certificate is either CA-issued (embedded agent) or
 * self-signed and pinned by its fingerprint on the Node (standalone agent).
 */
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { APISERVER_CLIENT_CN } from '../../pki/files.js';
import type { Runtime } from '../runtime/runtime.js';
import type { Pod } from '../pod/pod-types.js';
import { openPodLogs } from '../pod-streams.js';
import { silentLogger, type AgentLogger } from '../logger.js';
import { parseAgentRequest, type PodRef } from './requests.js';
import { chooseProtocol } from './channels.js';
import { runExecSession } from './exec-session.js';

export const DEFAULT_AGENT_PORT = 10250;

export interface AgentServerTls {
  certPem: string;
  keyPem: string;
}

export interface AgentServerOptions {
  /** The node address to listen on. */
  host: string;
  /** Default 10250; 0 = any free port (read it from the result). */
  port?: number;
  /** Serving certificate: CA-issued or self-signed (pinned); SANs should include `host`. */
  tls: AgentServerTls;
  /** The cluster CA: client certificates must chain to it. */
  clientCaPem: string;
  /** The only client CN served (default `tug-apiserver`). */
  allowedClientCN?: string;
  runtime: Runtime;
  /** The pod bound to this node, or undefined. */
  getPod(namespace: string, name: string): Promise<Pod | undefined>;
  /** If `port` is taken, listen on any free port instead (the Node publishes whichever it got). */
  fallbackToAnyPort?: boolean;
  logger?: AgentLogger;
  now?: () => number;
}

export interface AgentServer {
  port: number;
  close(): Promise<void>;
}

type Failure = { code: number; reason: string; message: string };

function statusBody(f: Failure): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: f.message, reason: f.reason, code: f.code });
}

const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 500: 'InternalError' };

function failure(code: number, message: string): Failure {
  return { code, reason: REASONS[code] ?? 'InternalError', message };
}

function reply(res: ServerResponse, f: Failure): void {
  if (res.headersSent) { res.destroy(); return; }
  res.writeHead(f.code, { 'content-type': 'application/json' }).end(statusBody(f));
}

function rejectUpgrade(socket: Duplex, f: Failure): void {
  const body = statusBody(f);
  socket.end(`HTTP/1.1 ${f.code} ${f.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const allowedCN = options.allowedClientCN ?? APISERVER_CLIENT_CN;
  /** undefined when the peer is the apiserver; else why not. TLS already checked the chain. */
  const refusal = (req: IncomingMessage): Failure | undefined => {
    const socket = req.socket as TLSSocket;
    if (!socket.authorized) return failure(401, 'Unauthorized: a client certificate from the cluster CA is required');
    const cn = socket.getPeerCertificate().subject?.CN;
    return cn === allowedCN ? undefined : failure(403, `Forbidden: client "${String(cn)}" may not use the agent API`);
  };
  const findPod = async (ref: PodRef): Promise<{ pod: Pod } | { failure: Failure }> => {
    const pod = await options.getPod(ref.namespace, ref.name);
    return pod ? { pod } : { failure: failure(404, `pod "${ref.name}" in namespace "${ref.namespace}" is not running on this node`) };
  };

  async function serveLogs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req);
    if (refused) return reply(res, refused);
    if (req.method !== 'GET') return reply(res, failure(405, `${req.method ?? ''} is not allowed`));
    const parsed = parseAgentRequest(req.url ?? '/');
    if (parsed.kind === 'error') return reply(res, failure(parsed.code, parsed.message));
    if (parsed.kind !== 'logs') return reply(res, failure(400, 'exec needs a WebSocket upgrade'));
    const found = await findPod(parsed.pod);
    if ('failure' in found) return reply(res, found.failure);
    const pod = found.pod;
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const opened = await openPodLogs(options.runtime, pod, { ...parsed.query, container: parsed.pod.container, signal: abort.signal }, now());
    if (!opened.ok) return reply(res, failure(opened.reason === 'NotFound' ? 404 : 400, opened.message));
    const stream = opened.value;
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    stream.on('error', (err: unknown) => { logger.warn({ err }, 'log stream failed'); res.end(); });
    stream.pipe(res);
    res.on('close', () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.());
  }

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseProtocol(offered) ?? false });

  async function serveExec(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refused = refusal(req);
    if (refused) return rejectUpgrade(socket, refused);
    const parsed = parseAgentRequest(req.url ?? '/');
    if (parsed.kind === 'error') return rejectUpgrade(socket, failure(parsed.code, parsed.message));
    if (parsed.kind !== 'exec') return rejectUpgrade(socket, failure(400, 'only exec is served over an upgrade'));
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',');
    const protocol = chooseProtocol(offered);
    if (!protocol) return rejectUpgrade(socket, failure(400, `unsupported exec protocols "${offered.join(',')}": v5.channel.k8s.io or v4.channel.k8s.io is required`));
    const found = await findPod(parsed.pod);
    if ('failure' in found) return rejectUpgrade(socket, found.failure);
    const pod = found.pod;
    wss.handleUpgrade(req, socket, head, (ws) => {
      runExecSession(ws, { runtime: options.runtime, pod, container: parsed.pod.container, ...parsed.query, protocol, logger })
        .catch((err: unknown) => { logger.warn({ err }, 'exec session failed'); ws.terminate(); });
    });
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer({
    cert: options.tls.certPem, key: options.tls.keyPem, ca: options.clientCaPem, requestCert: true, rejectUnauthorized: true,
  }, (req, res) => {
    serveLogs(req, res).catch((err: unknown) => { logger.warn({ err }, 'logs request failed'); reply(res, failure(500, 'Internal error occurred: logs failed')); });
  });
  server.on('secureConnection', (s: Socket) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    serveExec(req, socket, head).catch((err: unknown) => { logger.warn({ err }, 'exec upgrade failed'); rejectUpgrade(socket, failure(500, 'Internal error occurred: exec failed')); });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, options.host, () => { server.off('error', reject); resolve(); });
  });
  const wanted = options.port ?? DEFAULT_AGENT_PORT;
  try {
    await listen(wanted);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.fallbackToAnyPort || wanted === 0) throw err;
    logger.warn({ host: options.host, port: wanted }, 'agent port taken: listening on a free port instead');
    await listen(0);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  logger.info({ host: options.host, port }, 'agent server listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
