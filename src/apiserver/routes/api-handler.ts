/**
 * The single handler behind /api/* and /apis/*: parse the path (http/path.ts), then
 * dispatch on method and subresource to the read/write handlers or discovery.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed, pathNotFound } from '../../api/errors.js';
import type { Target } from '../registry/context.js';
import { getScale } from '../registry/scale.js';
import { getObject } from '../registry/get.js';
import { parseApiPath } from '../http/path.js';
import type { Query } from '../http/query.js';
import { allowAllAuthorizer } from '../types.js';
import { sendJson } from '../http/reply.js';
import { handleAccessReview, isAccessReview } from './access-review.js';
import type { HandlerContext } from './context.js';
import { serveGroup, serveGroupVersion } from './discovery-routes.js';
import { rejectPlainExec, servePodLogs } from './pod-proxy.js';
import { handleGet, handleList, handleWatch, isWatch } from './read-handlers.js';
import { handleDelete, handlePatch, handlePost, handlePut } from './write-handlers.js';

const VERB_OF_METHOD: Record<string, (t: Target, watch: boolean) => string> = {
  GET: (t, watch) => (watch ? 'watch' : t.name ? 'get' : 'list'),
  POST: () => 'create',
  PUT: () => 'update',
  PATCH: () => 'patch',
  DELETE: (t) => (t.name ? 'delete' : 'deletecollection'),
};

function checkVerb(target: Target, method: string, watch: boolean): void {
  const verbOf = VERB_OF_METHOD[method];
  if (!verbOf) throw methodNotAllowed();
  if (target.subresource) {
    const sub = target.resource.subresources.find((s) => s.name === target.subresource);
    const verb = verbOf(target, false);
    // exec answers GET (WebSocket) and POST (SPDY) alike.
    if (!sub || !(sub.verbs.includes(verb) || (sub.name === 'exec' && method === 'POST'))) throw methodNotAllowed();
    return;
  }
  if (!target.resource.verbs.includes(verbOf(target, watch))) throw methodNotAllowed();
  // Writes to /api/v1/pods (no namespace) are not a thing: only list/watch span namespaces.
  if (target.resource.namespaced && !target.namespace && method !== 'GET') throw methodNotAllowed();
  if (!target.name && (method === 'PUT' || method === 'PATCH')) throw methodNotAllowed();
}

async function handleSubresourceGet(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Query;
  switch (target.subresource) {
    case 'scale': return void sendJson(reply, 200, await getScale(ctx.deps, target));
    case 'log': return servePodLogs(ctx.deps, ctx.dialer, target, query, reply, ctx.streams);
    case 'exec': return rejectPlainExec(ctx.deps, ctx.dialer, target, query);
    default: return void sendJson(reply, 200, await getObject(ctx.deps, target));
  }
}

export function makeApiHandler(ctx: HandlerContext) {
  return async function apiHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const path = parseApiPath(request.url);
    if (!path) throw pathNotFound();
    if (path.type === 'group') return serveGroup(path.group, request, reply);
    if (path.type === 'group-version') return serveGroupVersion(path.group, path.version, request, reply);
    const target: Target = { resource: path.resource, namespace: path.namespace, name: path.name, subresource: path.subresource };
    const watch = request.method === 'GET' && isWatch(request.query as Query);
    checkVerb(target, request.method, watch);
    switch (request.method) {
      case 'GET':
        if (target.subresource) return handleSubresourceGet(ctx, target, request, reply);
        if (watch) return handleWatch(ctx, target, request, reply);
        return target.name ? handleGet(ctx, target, request, reply) : handleList(ctx, target, request, reply);
      case 'POST':
        if (target.subresource === 'exec') return rejectPlainExec(ctx.deps, ctx.dialer, target, request.query as Query);
        if (isAccessReview(target)) return handleAccessReview(ctx.authorizer ?? allowAllAuthorizer, target, request, reply);
        return handlePost(ctx, target, request, reply);
      case 'PUT': return handlePut(ctx, target, request, reply);
      case 'PATCH': return handlePatch(ctx, target, request, reply);
      case 'DELETE': return handleDelete(ctx, target, request, reply);
      default: throw methodNotAllowed();
    }
  };
}
