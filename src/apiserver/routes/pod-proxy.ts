/**
 * pods/log and pods/exec: resolve the pod and its node here, then hand the stream or the
 * upgraded socket to the AgentDialer. Without a dialer (or a node) the client gets a
 * Status saying why.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ApiError, badRequest, isApiError, serviceUnavailable, unauthorized } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import { authenticateHeader } from '../auth.js';
import { authorizeRequest, requestAttributes } from '../authorization.js';
import { parseApiPath } from '../http/path.js';
import { flag, intParam, one, all, type Query } from '../http/query.js';
import { getObject } from '../registry/get.js';
import type { RegistryDeps, Target } from '../registry/context.js';
import type { OpenStreams } from '../streams.js';
import type { AgentDialer, Authorizer, PodExecQuery, PodLogQuery, TokenAuthenticator } from '../types.js';

function containerNames(pod: KubeObject): string[] {
  const spec = pod.spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: { name?: string }) => c.name ?? '');
}

/** The pod, its node and the dialer, or the Status explaining which is missing. */
async function resolvePod(deps: RegistryDeps, dialer: AgentDialer | undefined, target: Target, container: string | undefined): Promise<{ pod: KubeObject; dialer: AgentDialer }> {
  const pod = await getObject(deps, { ...target, subresource: undefined });
  const name = pod.metadata.name ?? '';
  if (container !== undefined && container !== '' && !containerNames(pod).includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const node = pod.spec?.nodeName;
  if (!node) throw badRequest(`pod ${name} does not have a host assigned`);
  if (!dialer) throw serviceUnavailable(`no agent is serving node "${node}"`);
  return { pod, dialer };
}

export function podLogQueryOf(query: Query): PodLogQuery {
  return {
    container: one(query, 'container'),
    follow: flag(query, 'follow'),
    previous: flag(query, 'previous'),
    timestamps: flag(query, 'timestamps'),
    tailLines: intParam(query, 'tailLines'),
    sinceSeconds: intParam(query, 'sinceSeconds'),
    sinceTime: one(query, 'sinceTime'),
    limitBytes: intParam(query, 'limitBytes'),
  };
}

export function podExecQueryOf(query: Query): PodExecQuery {
  const command = all(query, 'command');
  if (command.length === 0) throw badRequest('you must specify at least 1 command');
  return {
    container: one(query, 'container'), command,
    stdin: flag(query, 'stdin'), stdout: flag(query, 'stdout'), stderr: flag(query, 'stderr'), tty: flag(query, 'tty'),
  };
}

export async function servePodLogs(
  deps: RegistryDeps, dialer: AgentDialer | undefined, target: Target, query: Query, reply: FastifyReply, streams: OpenStreams,
): Promise<void> {
  const logQuery = podLogQueryOf(query);
  const resolved = await resolvePod(deps, dialer, target, logQuery.container);
  const opened = await resolved.dialer.logs(resolved.pod, logQuery);
  if (!opened.ok) throw opened.error;
  const stream = opened.value;
  reply.hijack();
  const res: ServerResponse = reply.raw;
  res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  stream.pipe(res);
  const unregister = streams.add(() => res.end());
  res.on('close', () => {
    unregister();
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  });
  stream.on('error', () => res.end());
}

/** exec over plain HTTP: resolve everything, then explain that an upgrade is required. */
export async function rejectPlainExec(deps: RegistryDeps, dialer: AgentDialer | undefined, target: Target, query: Query): Promise<never> {
  const execQuery = podExecQueryOf(query);
  await resolvePod(deps, dialer, target, execQuery.container);
  throw badRequest('Upgrade request required');
}

function writeRawStatus(socket: Duplex, error: ApiError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toStatus());
  socket.end(
    `HTTP/1.1 ${error.code} ${error.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function queryOf(url: string): Query {
  const q = url.indexOf('?');
  const out: Query = {};
  if (q < 0) return out;
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function handleUpgrade(deps: RegistryDeps, auth: UpgradeAuth, dialer: AgentDialer | undefined, request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const user = await authenticateHeader(auth.tokens, request.headers.authorization);
  if (!user) throw unauthorized();
  const url = request.url ?? '/';
  await authorizeRequest(auth.authorizer, requestAttributes(request.method ?? 'GET', url, user));
  const path = parseApiPath(url);
  if (!path || path.type !== 'resource' || path.resource.resource !== 'pods' || path.subresource !== 'exec') {
    throw badRequest(`upgrade is only supported for pods/exec, not ${url.split('?')[0]}`);
  }
  // kubectl tries WebSocket first and SPDY only if that fails (§7.6); we serve WebSocket only.
  if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    throw badRequest(`unsupported upgrade "${request.headers.upgrade ?? ''}": only WebSocket (v5.channel.k8s.io) is served`);
  }
  const query = queryOf(url);
  const execQuery = podExecQueryOf(query);
  const resolved = await resolvePod(deps, dialer, path, execQuery.container);
  const out = await resolved.dialer.exec(resolved.pod, execQuery, { request, socket, head });
  if (!out.ok) writeRawStatus(socket, out.error);
}

/** Route HTTP upgrades (WebSocket exec) on the server; anything else gets a Status. */
export interface UpgradeAuth {
  tokens: TokenAuthenticator;
  authorizer: Authorizer;
}

/** Another kind of upgrade the server serves (the heartbeat channel), tried before pods/exec. */
export interface UpgradeRoute {
  matches(url: string): boolean;
  /** Throws the ApiError to answer with when it refuses. */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

export function attachUpgradeHandler(
  server: HttpServer, deps: RegistryDeps, auth: UpgradeAuth, dialer: AgentDialer | undefined,
  onUnexpected: (err: unknown) => void, routes: readonly UpgradeRoute[] = [],
): void {
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const route = routes.find((r) => r.matches(request.url ?? '/'));
    const handling = route ? route.handle(request, socket, head) : handleUpgrade(deps, auth, dialer, request, socket, head);
    handling.catch((err: unknown) => {
      if (isApiError(err)) return writeRawStatus(socket, err);
      onUnexpected(err);
      writeRawStatus(socket, new ApiError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${route ? 'upgrade' : 'exec'} failed` }));
    });
  });
}
