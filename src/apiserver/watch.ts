/**
 * `?watch=true` streams (kubernetes-api.md §5.3): headers flushed at once, one JSON event
 * per line; synthetic ADDED events first when resourceVersion is unset or "0"; a 410
 * ERROR event and end of stream when the start is compacted; BOOKMARKs only on request;
 * the stream ends cleanly on timeoutSeconds, on a store cut-off ('too-slow') and when the
 * client falls too far behind, so clients re-watch from their last resourceVersion.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { expired, internalError } from '../api/errors.js';
import { apiVersionOf, type KubeObject, type WatchEventType } from '../api/types.js';
import { toTable, type IncludeObject } from '../api/tables/index.js';
import { decodeKv } from './registry/codec.js';
import { nowOf, type RegistryDeps, type Target } from './registry/context.js';
import { collectionPrefix } from './registry/keys.js';
import { matchesQuery, type ListQuery } from './registry/list.js';
import { JSON_CONTENT_TYPE, TABLE_CONTENT_TYPE } from './http/negotiate.js';
import type { OpenStreams } from './streams.js';
import { translateStoreEvent } from './watch-events.js';

/** A client this far behind (bytes buffered) is cut off and must re-watch. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface WatchRequest {
  target: Target;
  query: ListQuery;
  /** Revision to start after; undefined = send the current state as ADDED first. */
  startRevision?: number;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
  table?: { includeObject: IncludeObject };
  bookmarkIntervalMs: number;
  streams: OpenStreams;
  /** Reports a failure of the store during the stream (the client only sees an ERROR event). */
  onUnexpected(err: unknown): void;
}

export async function serveWatch(deps: RegistryDeps, reply: FastifyReply, watch: WatchRequest): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  try {
    await streamEvents(deps, res, watch);
  } catch (err) {
    // Headers are gone already: report in-band, as upstream does, and end the stream.
    if (!res.writableEnded) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: internalError('the watch failed').toStatus() })}\n`);
    }
    watch.onUnexpected(err);
  }
}

async function streamEvents(deps: RegistryDeps, res: ServerResponse, watch: WatchRequest): Promise<void> {
  const { target, query } = watch;
  res.writeHead(200, { 'content-type': watch.table ? TABLE_CONTENT_TYPE : JSON_CONTENT_TYPE, 'cache-control': 'no-cache, private' });
  res.flushHeaders();

  let closed = false;
  let lastRevision = watch.startRevision ?? 0;
  let firstTableEvent = true;
  const abort = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  let unregister = (): unknown => undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    unregister();
    for (const t of timers) clearInterval(t);
    abort.abort();
    res.end();
  };
  res.on('close', finish);
  unregister = watch.streams.add(finish);

  /** False when the socket buffer is full: the caller should wait for 'drain'. */
  // Events of one store commit arrive in one tick (a burst of Lease renewals, say): corked
  // until the tick ends, they leave in one write instead of a syscall each.
  let corked = false;
  const writeLine = (line: string): boolean => {
    if (closed) return true;
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(() => { corked = false; res.uncork(); });
    }
    const flushed = res.write(line);
    if (res.writableLength > MAX_BUFFERED_BYTES) finish();
    return flushed;
  };
  const write = (type: WatchEventType, object: unknown): boolean => writeLine(`${JSON.stringify({ type, object })}\n`);
  // `event.object` may be decoded lazily (watch-events.ts): plain JSON watches use the json.
  const send = (type: WatchEventType, event: { object: KubeObject; json?: string }): boolean => {
    if (!watch.table) return event.json === undefined ? write(type, event.object) : writeLine(`{"type":"${type}","object":${event.json}}\n`);
    const table = toTable(target.resource, [event.object], { includeObject: watch.table.includeObject, now: nowOf(deps), includeColumns: firstTableEvent });
    firstTableEvent = false;
    return write(type, table);
  };
  // Back-pressure for the store (store.ts WatchHandlers): hold further events until the
  // client has read what we wrote; the store cuts the watch off if it falls too far behind.
  const drained = (): Promise<void> => new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

  const prefix = collectionPrefix(target.resource, target.namespace);
  if (watch.startRevision === undefined) {
    const initial = await deps.store.list(prefix);
    if (initial.ok) {
      lastRevision = initial.revision;
      for (const kv of initial.items) {
        const object = decodeKv(kv);
        if (matchesQuery(target, query, object)) send('ADDED', { object });
      }
    }
  }

  const result = await deps.store.watch({ prefix, afterRevision: lastRevision, signal: abort.signal }, {
    onEvent: (event) => {
      lastRevision = event.revision;
      const translated = translateStoreEvent(target, query, event);
      if (translated && !send(translated.type, translated) && !closed) return drained();
    },
    onClose: () => finish(),
  });
  if (!result.ok) {
    write('ERROR', expired(lastRevision, result.compactRevision).toStatus());
    return finish();
  }
  abort.signal.addEventListener('abort', () => result.cancel(), { once: true });
  if (closed) return result.cancel();

  if (watch.timeoutSeconds !== undefined && watch.timeoutSeconds > 0) {
    timers.push(setTimeout(finish, watch.timeoutSeconds * 1000));
  }
  if (watch.allowBookmarks) {
    const bookmark = (): void => {
      write('BOOKMARK', {
        kind: target.resource.kind, apiVersion: apiVersionOf(target.resource.group, target.resource.version),
        metadata: { resourceVersion: String(lastRevision) },
      });
    };
    timers.push(setInterval(bookmark, watch.bookmarkIntervalMs));
  }
}
