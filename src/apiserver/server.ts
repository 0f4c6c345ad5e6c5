/**
 * The Tugboat API server: fastify wiring only. Requests are authenticated (auth.ts),
 * bodies arrive as raw Buffers and are decoded per Content-Type by the handlers
 * (http/negotiate.ts), /api/* and /apis/* go to one handler that parses the path itself
 * (routes/api-handler.ts), and every error leaves as a Status (http/errors.ts).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { chmod, rm } from 'node:fs/promises';
import { pathNotFound, unauthorized } from '../api/errors.js';
import { authenticateHeader, isAnonymousPath } from './auth.js';
import { authorizeRequest, requestAttributes } from './authorization.js';
import { ensureSystemNamespaces } from './bootstrap.js';
import { makeErrorHandler } from './http/errors.js';
import { sendError } from './http/reply.js';
import type { RegistryDeps } from './registry/context.js';
import { makeApiHandler } from './routes/api-handler.js';
import { registerDiscoveryRoutes } from './routes/discovery-routes.js';
import { attachUpgradeHandler } from './routes/pod-proxy.js';
import { createHeartbeatChannel } from './heartbeats/channel.js';
import { OpenStreams } from './streams.js';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BOOKMARK_INTERVAL_MS, DEFAULT_HEARTBEAT_BATCH_WINDOW_MS, systemClock, type ApiServerOptions, type UserInfo, allowAllAuthorizer } from './types.js';

export interface ApiServer {
  app: FastifyInstance;
  /** Start listening; resolves to the bound address (port 0 picks a free port). */
  listen(options: { host: string; port: number }): Promise<{ host: string; port: number; url: string }>;
  /**
   * Also serve plain HTTP on a unix socket (mode 0600), for the control plane and the
   * embedded agent in the same process: same routes and token auth, no TLS handshake or
   * encryption on every request. Call after listen().
   */
  listenUnix(socketPath: string): Promise<void>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: UserInfo;
  }
}

const API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export function createApiServer(options: ApiServerOptions): ApiServer {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const authorizer = options.authorizer ?? allowAllAuthorizer;
  const deps: RegistryDeps = { store: options.store, clock: options.clock ?? systemClock, ...(options.serviceNetwork ? { serviceNetwork: options.serviceNetwork } : {}) };
  const app = Fastify({
    logger: false,
    bodyLimit,
    ...(options.https ? { https: { key: options.https.key, cert: options.https.cert } } : {}),
    // Kubernetes names may contain dots and colons; keep fastify's router out of the way.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
  }) as unknown as FastifyInstance;

  // Bodies stay raw: handlers decode JSON, YAML, patches and protobuf by Content-Type,
  // and a missing Content-Type means JSON (kubectl scale --current-replicas sends none).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));

  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0];
    if (isAnonymousPath(path)) return;
    const user = await authenticateHeader(options.tokens, request.headers.authorization);
    if (!user) throw unauthorized();
    request.user = user;
    await authorizeRequest(authorizer, requestAttributes(request.method, request.url, user));
  });

  app.setErrorHandler(makeErrorHandler(options.logger, bodyLimit));
  app.setNotFoundHandler((_request, reply) => sendError(reply, pathNotFound()));
  registerDiscoveryRoutes(app);
  const streams = new OpenStreams();
  const handler = makeApiHandler({
    deps, dialer: options.agentDialer, streams, logger: options.logger, authorizer,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS,
  });
  for (const prefix of ['/api/*', '/apis/*']) app.route({ method: [...API_METHODS], url: prefix, handler });

  // Watches and followed logs never finish by themselves: end them so close() can.
  app.addHook('preClose', async () => {
    streams.endAll();
  });
  app.addHook('onReady', async () => {
    await ensureSystemNamespaces(deps);
  });
  const heartbeats = createHeartbeatChannel({
    deps, tokens: options.tokens, authorizer, logger: options.logger, streams,
    batchWindowMs: options.heartbeatBatchWindowMs ?? DEFAULT_HEARTBEAT_BATCH_WINDOW_MS,
  });
  attachUpgradeHandler(app.server as HttpServer, deps, { tokens: options.tokens, authorizer }, options.agentDialer, (err) => {
    options.logger.error({ err }, 'unexpected error serving an upgrade');
  }, [heartbeats]);

  let internal: HttpServer | undefined;
  return {
    app,
    async listen({ host, port }) {
      await app.listen({ host, port });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const scheme = options.https ? 'https' : 'http';
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { host, port: bound, url: `${scheme}://${shownHost}:${bound}` };
    },
    async listenUnix(socketPath) {
      await rm(socketPath, { force: true });
      internal = createHttpServer((req, res) => app.routing(req, res));
      internal.keepAliveTimeout = 60_000;
      await new Promise<void>((resolve, reject) => {
        internal!.once('error', reject);
        internal!.listen(socketPath, () => resolve());
      });
      await chmod(socketPath, 0o600);
    },
    async close() {
      if (internal) {
        internal.closeAllConnections();
        await new Promise<void>((resolve) => internal!.close(() => resolve()));
      }
      await app.close();
    },
  };
}
