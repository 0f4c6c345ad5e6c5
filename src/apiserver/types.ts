/** Public contracts of the API server: options, authentication and the agent dialer. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ApiError } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';

/** Injected time source (creationTimestamp, deletionTimestamp, Table ages). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface UserInfo {
  user: string;
  groups: string[];
}

/** Resolves a bearer token to a user. `anonymous()` (optional) admits requests without a token. */
export interface TokenAuthenticator {
  authenticate(token: string): UserInfo | undefined;
  anonymous?(): UserInfo | undefined;
}

/** `GET pods/{name}/log` query parameters (kubernetes-api.md §7.5). */
export interface PodLogQuery {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
}

/** `pods/{name}/exec` query parameters (kubernetes-api.md §7.6). */
export interface PodExecQuery {
  container?: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The raw HTTP upgrade an exec session takes over (e.g. with `ws`' `handleUpgrade`). */
export interface UpgradeRequest {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

export type DialResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/**
 * Reaches the agent serving a pod's node. The apiserver resolves the pod (and that it has a
 * node) and hands over; the dialer owns the stream or socket from then on.
 */
export interface AgentDialer {
  /** A readable of raw log bytes; it ends when the log (or the follow) ends. */
  logs(pod: KubeObject, query: PodLogQuery): Promise<DialResult<NodeJS.ReadableStream>>;
  /** Take over the upgrade and run the session; an error result is answered as a Status by the server. */
  exec(pod: KubeObject, query: PodExecQuery, upgrade: UpgradeRequest): Promise<DialResult<void>>;
}

export interface ApiServerOptions {
  store: Store;
  logger: Logger;
  tokens: TokenAuthenticator;
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Largest accepted request body; Kubernetes' default is 3 MiB. */
  bodyLimitBytes?: number;
  clock?: Clock;
  agentDialer?: AgentDialer;
  /** Interval between BOOKMARK events on watches that asked for them (default 10 s). */
  bookmarkIntervalMs?: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 3 * 1024 * 1024;
export const DEFAULT_BOOKMARK_INTERVAL_MS = 10_000;
