/**
 * The HTTPS ApiClient, on undici: one keep-alive Agent per client (no pipelining, so a
 * slow response never blocks the next request on the same socket), JSON bodies, and
 * watches read as a byte stream and parsed line by line.
 */
import { Agent, type Dispatcher } from 'undici';
import { isApiError } from '../api/errors.js';
import type { KubeList, KubeObject } from '../api/types.js';
import { apiErrorFromResponse, ConnectionError } from './errors.js';
import { queryString, resourcePath, type QueryValue } from './paths.js';
import type { ApiClient, DeleteOptions, ListOptions, PatchType, ResourceType, WatchOptions, WatchStream, WriteOptions } from './types.js';
import { parseWatchEvents, toWatchStream } from './watch-stream.js';

export interface HttpClientOptions {
  /** e.g. https://127.0.0.1:6443; http:// also works (loopback tests). */
  server: string;
  token?: string;
  /** PEM of the cluster CA to trust (the default trust store is not used when set). */
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  userAgent?: string;
  /** Per request, for headers and between body chunks; watches only time out waiting for headers. */
  timeoutMs?: number;
  /** Connect to this unix socket instead of the server's host (server then is e.g. http://localhost). */
  socketPath?: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'tugboat-client/0.1';
/** Idle keep-alive sockets are closed after this long (server may advertise shorter). */
export const KEEP_ALIVE_TIMEOUT_MS = 30_000;

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** An ApiClient that owns sockets: close() when done. */
export interface HttpApiClient extends ApiClient {
  close(): Promise<void>;
}

interface SendOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Long-lived response: no idle timeout between body chunks. */
  streaming?: boolean;
}

function namespaceOf(type: ResourceType, object: KubeObject): string | undefined {
  return type.namespaced ? object.metadata?.namespace : undefined;
}

function writeQuery(options: WriteOptions = {}): Record<string, QueryValue> {
  return { dryRun: options.dryRun ? 'All' : undefined, fieldManager: options.fieldManager, force: options.force };
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpApiClient {
  const url = new URL(options.server);
  const origin = url.origin;
  const prefix = url.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = new Agent({
    pipelining: 1, // 1 = keep-alive without pipelining (0 would disable keep-alive)
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connect: {
      ...(options.socketPath ? { socketPath: options.socketPath } : {}),
      ...(options.caPem ? { ca: options.caPem } : {}),
      rejectUnauthorized: !options.insecureSkipTlsVerify,
    },
  });
  const baseHeaders: Record<string, string> = {
    accept: 'application/json',
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };

  function transportError(err: unknown, method: string, path: string, signal?: AbortSignal): unknown {
    if (signal?.aborted || isApiError(err)) return err;
    const e = err as { code?: string; message?: string };
    return new ConnectionError(`${method} ${origin}${path}: ${e?.message ?? String(err)}`, { code: e?.code, cause: err });
  }

  async function send(method: Dispatcher.HttpMethod, path: string, opts: SendOptions = {}): Promise<Dispatcher.ResponseData> {
    const fullPath = prefix + path + queryString(opts.query ?? {});
    const headers: Record<string, string> = { ...baseHeaders };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await agent.request({
        origin, path: fullPath, method, headers, body, signal: opts.signal,
        headersTimeout: timeoutMs, bodyTimeout: opts.streaming ? 0 : timeoutMs,
      });
    } catch (err) {
      throw transportError(err, method, fullPath, opts.signal);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      let text = '';
      try {
        text = await response.body.text();
      } catch (err) {
        throw transportError(err, method, fullPath, opts.signal);
      }
      throw apiErrorFromResponse(response.statusCode, parseJson(text));
    }
    return response;
  }

  async function sendJson<T>(method: Dispatcher.HttpMethod, path: string, opts: SendOptions = {}): Promise<T> {
    const response = await send(method, path, opts);
    try {
      return parseJson(await response.body.text()) as T;
    } catch (err) {
      throw transportError(err, method, path, opts.signal);
    }
  }

  function listQuery(o: ListOptions | WatchOptions): Record<string, QueryValue> {
    return { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, resourceVersion: o.resourceVersion };
  }

  return {
    get: async (type, namespace, name, subresource) => sendJson('GET', resourcePath(type, { namespace, name, subresource })),

    list: async <T extends KubeObject>(type: ResourceType, o: ListOptions = {}) =>
      sendJson<KubeList<T>>('GET', resourcePath(type, { namespace: o.namespace }), {
        query: { ...listQuery(o), limit: o.limit, continue: o.continue }, signal: o.signal,
      }),

    create: async (type, object, o = {}) => {
      const namespace = namespaceOf(type, object);
      const path = o.subresource
        ? resourcePath(type, { namespace, name: object.metadata.name, subresource: o.subresource })
        : resourcePath(type, { namespace });
      return sendJson('POST', path, { body: object, query: writeQuery(o) });
    },

    update: async (type, object, o = {}) =>
      sendJson('PUT', resourcePath(type, { namespace: namespaceOf(type, object), name: object.metadata.name, subresource: o.subresource }), {
        body: object, query: writeQuery(o),
      }),

    patch: async (type, namespace, name, patch, o = {}) => {
      if (patch.type === 'apply' && !o.fieldManager) {
        throw new TypeError('server-side apply needs a fieldManager');
      }
      return sendJson('PATCH', resourcePath(type, { namespace, name, subresource: o.subresource }), {
        body: patch.body, contentType: PATCH_CONTENT_TYPES[patch.type], query: writeQuery(o),
      });
    },

    delete: async (type, namespace, name, o: DeleteOptions = {}) => {
      const { dryRun, ...rest } = o;
      const body = { kind: 'DeleteOptions', apiVersion: 'v1', ...rest, ...(dryRun ? { dryRun: ['All'] } : {}) };
      return sendJson('DELETE', resourcePath(type, { namespace, name }), { body });
    },

    watch: async <T extends KubeObject>(type: ResourceType, o: WatchOptions = {}): Promise<WatchStream<T>> => {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      if (o.signal?.aborted) controller.abort();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      controller.signal.addEventListener('abort', () => o.signal?.removeEventListener('abort', onAbort), { once: true });
      const path = resourcePath(type, { namespace: o.namespace });
      try {
        const response = await send('GET', path, {
          query: { watch: 1, ...listQuery(o), allowWatchBookmarks: o.allowWatchBookmarks, timeoutSeconds: o.timeoutSeconds },
          signal: controller.signal, streaming: true,
        });
        const events = parseWatchEvents<T>(response.body);
        return toWatchStream(events, controller, (err) => transportError(err, 'GET', path, controller.signal));
      } catch (err) {
        controller.abort();
        throw err;
      }
    },

    stream: async (path, o = {}) => {
      const response = await send('GET', path, { query: o.query, signal: o.signal, streaming: true });
      return response.body;
    },

    close: () => agent.close(),
  };
}
