/**
 * Dockerode clients for one daemon, and error classification. Two clients: `api` has a
 * socket idle timeout so a wedged daemon yields RuntimeUnavailable instead of a hang;
 * `streams` has none (follow logs, exec, pulls, stop with a long grace are legitimately
 * idle) and is bounded by explicit timers or abort signals instead.
 */
import Docker from 'dockerode';
import type { RuntimeFailureReason, RuntimeResult } from '../runtime.js';
import { fail } from '../results.js';

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerEndpoint {
  socketPath?: string;
  host?: string;
  port?: number;
}

/** `unix:///path` | `tcp://h:p` | `/path` → where to connect; undefined/empty → default socket. */
export function parseDockerHost(dockerHost: string | undefined): DockerEndpoint {
  if (!dockerHost) return { socketPath: DEFAULT_DOCKER_SOCKET };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) || DEFAULT_DOCKER_SOCKET };
  if (dockerHost.startsWith('/')) return { socketPath: dockerHost };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
}

export interface DockerClients {
  api: Docker;
  streams: Docker;
  endpoint: DockerEndpoint;
}

/**
 * No `connectionTimeout`: docker-modem clears it only when response headers arrive, so it
 * bounds the whole call (a `docker stop -t 30` would be cut off), not the connect.
 */
export function createDockerClients(endpoint: DockerEndpoint, requestTimeoutMs: number): DockerClients {
  const common = { ...endpoint, protocol: endpoint.socketPath ? undefined : ('http' as const) };
  return {
    api: new Docker({ ...common, timeout: requestTimeoutMs } as Docker.DockerOptions),
    streams: new Docker({ ...common } as Docker.DockerOptions),
    endpoint,
  };
}

interface DockerError {
  statusCode?: number;
  code?: string;
  message?: string;
  json?: { message?: string } | Buffer | null;
}

/** The daemon's own message (without dockerode's "(HTTP code 500) server error -" prefix). */
export function daemonMessage(error: unknown): string {
  const e = error as DockerError;
  const json = e?.json;
  if (json && !Buffer.isBuffer(json) && typeof json.message === 'string') return json.message;
  return String(e?.message ?? error).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** No status code = we never got an HTTP answer: socket missing, refused, or timed out. */
export function isUnavailable(error: unknown): boolean {
  return (error as DockerError)?.statusCode === undefined;
}

export function failureFrom<T>(error: unknown, reason: RuntimeFailureReason, context: string): RuntimeResult<T> {
  if (isUnavailable(error)) return fail('RuntimeUnavailable', `docker daemon unreachable (${context}): ${daemonMessage(error)}`);
  if ((error as DockerError).statusCode === 404) return fail('NotFound', daemonMessage(error));
  return fail(reason, daemonMessage(error));
}

/** Rejects with a status-less error (→ RuntimeUnavailable) if `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
