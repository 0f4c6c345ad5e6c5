/**
 * `startServer`: assembles one Tugboat control-plane process from its parts —
 * data directory, PKI, SQLite store + compactor, token authentication, the HTTPS API,
 * the admin kubeconfig, then the post-start hooks — and tears it down in reverse order
 * when the signal aborts.
 */
import { mkdir } from 'node:fs/promises';
import type { Logger, LevelWithSilent } from 'pino';
import { createApiServer } from '../apiserver/index.js';
import { openSecretEncryption } from '../secrets/index.js';
import { openSqliteStore, startCompactor } from '../store/index.js';
import { ensureAdminToken, ensureApiserverClientCertificate, ensurePki } from '../pki/index.js';
import { adminAuthenticator } from './authenticator.js';
import { createJoinService, createNodeAuthorizer, createStoreAuthenticator, ensureJoinToken, joinTokenPath, mastersAuthorizer, unionAuthorizer } from '../auth/index.js';
import { createRbacAuthorizer } from '../auth/rbac/index.js';
import { registerJoinRoutes } from '../apiserver/routes/join.js';
import { createAgentDialer } from './agent-dialer.js';
import { resourceByPath } from '../api/resources.js';
import { objectKey } from '../apiserver/registry/keys.js';
import { DEFAULT_SERVICE_NETWORK } from '../apiserver/registry/service-allocation.js';
import { decodeKv } from '../apiserver/registry/codec.js';
import type { Store } from '../store/store.js';
import { serverDefaults } from './defaults.js';
import { runPostStartHooks, stopComponents, type PostStartHook } from './hooks.js';
import { serverUrl, writeKubeconfig } from './kubeconfig.js';
import { dataDirLayout } from './layout.js';
import { createLogger } from './logger.js';

export interface StartServerOptions {
  dataDir: string;
  bind: string;
  /** 0 = any free port (tests). */
  port: number;
  logLevel?: LevelWithSilent;
  logger?: Logger;
  tlsSans?: readonly string[];
  /** True for `tug up`: the caller passes embeddedAgentHook() among the post-start hooks. */
  embeddedAgent: boolean;
  postStartHooks?: readonly PostStartHook[];
  bodyLimitBytes?: number;
  /** Abort to shut down gracefully. */
  signal?: AbortSignal;
  /** ClusterIP range Services are allocated from (`--service-cidr`); default 10.43.0.0/16. */
  serviceCIDR?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  kubeconfigPath: string;
  caPem: string;
  /** Resolves once everything has stopped (after the signal aborted or close() was called). */
  stopped: Promise<void>;
  close(): Promise<void>;
}

type Closer = { name: string; close: () => Promise<void> | void };

async function closeAll(closers: Closer[], logger: Logger): Promise<void> {
  for (const closer of [...closers].reverse()) {
    try {
      await closer.close();
      logger.debug({ part: closer.name }, 'stopped');
    } catch (err) {
      logger.error({ part: closer.name, err }, 'failed to stop cleanly');
    }
  }
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(options.logLevel ?? serverDefaults.logLevel);
  const layout = dataDirLayout(options.dataDir);
  const closers: Closer[] = [];
  try {
    await mkdir(layout.dbDir, { recursive: true, mode: 0o700 });
    const pki = await ensurePki({ dataDir: layout.root, bind: options.bind, extraSans: options.tlsSans });
    logger.info({ dir: pki.paths.dir, actions: pki.actions }, 'cluster PKI ready');
    const admin = await ensureAdminToken(layout.root);
    logger.info({ created: admin.created }, 'admin token ready');

    const rawStore = await openSqliteStore({ path: layout.dbFile });
    closers.push({ name: 'store', close: () => rawStore.close() });
    const compaction = new AbortController();
    startCompactor(rawStore, { signal: compaction.signal });
    closers.push({ name: 'compactor', close: () => compaction.abort() });
    logger.info({ path: layout.dbFile }, 'store opened');
    // Secrets are encrypted at rest; the apiserver sees plaintext through this wrapper.
    const encryption = await openSecretEncryption({ dataDir: layout.root, store: rawStore, logger });
    closers.push({ name: 'secret-encryption', close: async () => encryption.stop() });
    const store = encryption.store;

    // The apiserver's identity towards agents (kubelet-style mutual TLS, no shared secret).
    const agentClient = await ensureApiserverClientCertificate(layout.root, pki.ca);
    logger.info({ issued: agentClient.issued }, 'apiserver client certificate for agents ready');
    const agentDialer = createAgentDialer({ caPem: pki.ca.certPem, clientCert: agentClient.pair, lookupNode: nodeLookup(store) });
    const access = await startAccessControl(store, admin.token, logger);
    closers.push({ name: 'access-control', close: () => access.close() });
    const api = createApiServer({
      store, logger, tokens: access.tokens, authorizer: access.authorizer, agentDialer,
      https: { key: pki.serving.keyPem, cert: pki.serving.certPem },
      bodyLimitBytes: options.bodyLimitBytes ?? serverDefaults.bodyLimitBytes,
      ...(options.serviceCIDR ? { serviceNetwork: { ...DEFAULT_SERVICE_NETWORK, clusterIPRange: options.serviceCIDR } } : {}),
    });
    closers.push({ name: 'api', close: () => api.close() });
    registerJoinRoutes(api.app, { caPem: pki.ca.certPem, join: createJoinService({ store }).join });
    const bound = await api.listen({ host: options.bind, port: options.port });
    const port = bound.port;
    const url = serverUrl(options.bind, port);
    logger.info({ url }, 'API listening');
    if (layout.internalSocket) await api.listenUnix(layout.internalSocket);

    await writeKubeconfig(layout.kubeconfig, { server: url, caPem: pki.ca.certPem, token: admin.token });
    logger.info({ path: layout.kubeconfig }, 'admin kubeconfig written');
    const joinToken = await ensureJoinToken({ dataDir: layout.root, store, caPem: pki.ca.certPem });
    logger.info({ path: joinTokenPath(layout.root), created: joinToken.created }, 'join token ready');

    // Closers run last-in first-out: the hooks' signal aborts first, then each is stopped.
    const started: Awaited<ReturnType<typeof runPostStartHooks>> = [];
    closers.push({ name: 'post-start-hooks', close: () => stopComponents(started, logger) });
    const hookAbort = new AbortController();
    closers.push({ name: 'hook-signal', close: () => hookAbort.abort() });
    await runPostStartHooks(options.postStartHooks ?? [], {
      url, kubeconfigPath: layout.kubeconfig, caPem: pki.ca.certPem, token: admin.token, logger, signal: hookAbort.signal,
      internalSocket: layout.internalSocket,
    }, started);

    return running({ url, port, layout, caPem: pki.ca.certPem, closers, logger, signal: options.signal });
  } catch (err) {
    await closeAll(closers, logger);
    throw err;
  }
}

/**
 * Who may do what: store-backed tokens (the admin token first), then system:masters, the
 * node authorizer and RBAC, in that order. In-process clients use the admin token.
 */
async function startAccessControl(store: Store, adminToken: string, logger: Logger) {
  const tokens = createStoreAuthenticator({ store, staticTokens: adminAuthenticator(adminToken), logger: logger.child({ component: 'authn' }) });
  const nodes = createNodeAuthorizer({ store, logger: logger.child({ component: 'node-authorizer' }) });
  const rbac = createRbacAuthorizer({ store, logger: logger.child({ component: 'rbac' }) });
  const close = () => { tokens.close(); nodes.close(); rbac.close(); };
  try {
    await Promise.all([tokens.ready, nodes.ready]);
  } catch (err) {
    close();
    throw err;
  }
  return { tokens, authorizer: unionAuthorizer([mastersAuthorizer, nodes, rbac]), close };
}

/** Node objects straight from the store: the dialer needs the agent endpoint, nothing else. */
function nodeLookup(store: Store) {
  const nodes = resourceByPath('', 'v1', 'nodes');
  return async (name: string) => {
    if (!nodes || name === '') return undefined;
    const kv = await store.get(objectKey(nodes, undefined, name));
    return kv ? decodeKv(kv) : undefined;
  };
}

function running(parts: {
  url: string; port: number; layout: ReturnType<typeof dataDirLayout>; caPem: string;
  closers: Closer[]; logger: Logger; signal?: AbortSignal;
}): RunningServer {
  let stopping: Promise<void> | undefined;
  const close = (): Promise<void> => {
    stopping ??= (async () => {
      parts.logger.info('shutting down');
      await closeAll(parts.closers, parts.logger);
      parts.logger.info('stopped');
    })();
    return stopping;
  };
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => { resolveStopped = resolve; });
  const closeAndSignal = () => close().then(resolveStopped, resolveStopped);
  if (parts.signal?.aborted) void closeAndSignal();
  else parts.signal?.addEventListener('abort', () => void closeAndSignal(), { once: true });
  return {
    url: parts.url, port: parts.port, dataDir: parts.layout.root, kubeconfigPath: parts.layout.kubeconfig,
    caPem: parts.caPem, stopped, close: closeAndSignal,
  };
}
