/** GET of objects and collections, as JSON or as a meta.k8s.io Table, and watch. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../api/errors.js';
import { toTable } from '../../api/tables/index.js';
import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { includeObjectOf, TABLE_CONTENT_TYPE, wantsTable } from '../http/negotiate.js';
import { flag, intParam, listQueryOf, one, type Query } from '../http/query.js';
import { sendJson, sendJsonText } from '../http/reply.js';
import { parseRevision, valueJsonWithRevision } from '../registry/codec.js';
import { nowOf, type Target } from '../registry/context.js';
import { getCurrentValue, getObject } from '../registry/get.js';
import { listObjects, listValues, type ListedValue } from '../registry/list.js';
import { serveWatch } from '../watch.js';
import type { HandlerContext } from './context.js';

function tableRequested(request: FastifyRequest): boolean {
  return wantsTable(request.headers.accept);
}

export async function handleGet(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!tableRequested(request)) {
    const { kv } = await getCurrentValue(ctx.deps, target);
    return void sendJsonText(reply, 200, valueJsonWithRevision(kv.value, kv.modRevision));
  }
  const object = await getObject(ctx.deps, target);
  const table = toTable(target.resource, [object], {
    includeObject: includeObjectOf(request.query as Record<string, string>), now: nowOf(ctx.deps),
    resourceVersion: object.metadata.resourceVersion,
  });
  sendJson(reply, 200, table, { contentType: TABLE_CONTENT_TYPE });
}

export function listEnvelope(target: Target, items: KubeObject[], revision: number, continueToken?: string): unknown {
  const { resource } = target;
  const metadata: Record<string, string> = { resourceVersion: String(revision) };
  if (continueToken) metadata.continue = continueToken;
  return { kind: resource.listKind, apiVersion: apiVersionOf(resource.group, resource.version), metadata, items };
}

/**
 * A JSON list assembled from the stored texts (resourceVersion spliced in), never parsing
 * or re-serialising items the selectors did not need to look at.
 */
export function listJson(target: Target, values: ListedValue[], revision: number, continueToken?: string): string {
  const envelope = JSON.stringify(listEnvelope(target, [], revision, continueToken));
  const items = values.map((v) => (v.object ? JSON.stringify(v.object) : valueJsonWithRevision(v.kv.value, v.kv.modRevision)));
  // The envelope ends with `"items":[]}`: put the items between the brackets.
  return `${envelope.slice(0, -2)}${items.join(',')}]}`;
}

export async function handleList(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = listQueryOf(request.query as Query, target.resource.resource);
  if (!tableRequested(request)) {
    const raw = await listValues(ctx.deps, target, query);
    return void sendJsonText(reply, 200, listJson(target, raw.values, raw.revision, raw.continueToken));
  }
  const page = await listObjects(ctx.deps, target, query);
  const table = toTable(target.resource, page.items, {
    includeObject: includeObjectOf(request.query as Record<string, string>), now: nowOf(ctx.deps),
    resourceVersion: String(page.revision), continue: page.continueToken,
  });
  sendJson(reply, 200, table, { contentType: TABLE_CONTENT_TYPE });
}

export function isWatch(query: Query): boolean {
  return flag(query, 'watch');
}

export async function handleWatch(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const raw = request.query as Query;
  const query = listQueryOf(raw, target.resource.resource);
  if (target.name) query.fields = [...query.fields, { field: 'metadata.name', operator: 'Equals', value: target.name }];
  const rv = one(raw, 'resourceVersion');
  // Unset or "0": start from the current state (synthetic ADDED events), as upstream.
  const fromNow = rv === undefined || rv === '' || rv === '0';
  const startRevision = fromNow ? undefined : parseRevision(rv);
  if (!fromNow && startRevision === undefined) throw badRequest(`resourceVersion: invalid value "${rv}"`);
  await serveWatch(ctx.deps, reply, {
    target: { ...target, name: undefined }, query, startRevision,
    allowBookmarks: flag(raw, 'allowWatchBookmarks'),
    timeoutSeconds: intParam(raw, 'timeoutSeconds'),
    table: tableRequested(request) ? { includeObject: includeObjectOf(raw as Record<string, string>) } : undefined,
    bookmarkIntervalMs: ctx.bookmarkIntervalMs,
    streams: ctx.streams,
    onUnexpected: (err) => ctx.logger.error({ err, url: request.url }, 'watch failed'),
  });
}
