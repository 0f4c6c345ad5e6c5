/** POST, PUT, PATCH and DELETE of objects and their subresources. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed } from '../../api/errors.js';
import type { KubeObject, Status } from '../../api/types.js';
import { decodeObjectBody, decodePatchBody } from '../http/negotiate.js';
import { deleteOptionsOf, isDryRun, listQueryOf, writeOptionsOf, type Query } from '../http/query.js';
import { sendJson } from '../http/reply.js';
import type { Target, WriteOutcome } from '../registry/context.js';
import { createObject } from '../registry/create.js';
import { deleteObject } from '../registry/delete.js';
import { deleteCollection } from '../registry/delete-collection.js';
import { patchObject } from '../registry/patch.js';
import { bindPod, evictPod } from '../registry/pod-actions.js';
import { patchScale, updateScale } from '../registry/scale.js';
import { updateObject } from '../registry/update.js';
import type { HandlerContext } from './context.js';
import { listEnvelope } from './read-handlers.js';

function bodyOf(request: FastifyRequest): Buffer | undefined {
  return Buffer.isBuffer(request.body) ? request.body : undefined;
}

function sendOutcome(reply: FastifyReply, outcome: WriteOutcome): void {
  sendJson(reply, outcome.code, outcome.body, { warnings: outcome.warnings });
}

export async function handlePost(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Query;
  const body = decodeObjectBody(request.headers['content-type'], bodyOf(request));
  if (!target.name && !target.subresource) return sendOutcome(reply, await createObject(ctx.deps, target, body, writeOptionsOf(query)));
  if (target.subresource === 'binding') return void sendJson(reply, 201, await bindPod(ctx.deps, target, body, writeOptionsOf(query)));
  if (target.subresource === 'eviction') return void sendJson(reply, 201, await evictPod(ctx.deps, target, body, isDryRun(query)));
  throw methodNotAllowed();
}

export async function handlePut(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body = decodeObjectBody(request.headers['content-type'], bodyOf(request));
  const options = writeOptionsOf(request.query as Query);
  if (target.subresource === 'scale') return sendOutcome(reply, await updateScale(ctx.deps, target, body, options));
  sendOutcome(reply, await updateObject(ctx.deps, target, body, options));
}

export async function handlePatch(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const patch = decodePatchBody(request.headers['content-type'], bodyOf(request));
  const options = writeOptionsOf(request.query as Query);
  if (target.subresource === 'scale') return sendOutcome(reply, await patchScale(ctx.deps, target, patch, options));
  const outcome = await patchObject(ctx.deps, target, patch, options);
  sendOutcome(reply, outcome);
}

/** What DELETE answers: the object while it lingers (and always for pods), else a Success Status. */
function deleteResponse(target: Target, deleted: boolean, object: KubeObject): KubeObject | Status {
  if (!deleted || target.resource.resource === 'pods') return object;
  const details: Status['details'] = { name: object.metadata.name, kind: target.resource.resource, uid: object.metadata.uid };
  if (target.resource.group) details.group = target.resource.group;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

export async function handleDelete(ctx: HandlerContext, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = request.query as Query;
  const raw = bodyOf(request);
  // kubectl sends JSON DeleteOptions; typed clients (drain --disable-eviction) send protobuf.
  const body = raw && raw.length > 0 ? decodeObjectBody(request.headers['content-type'], raw) : undefined;
  const options = deleteOptionsOf(query, body);
  if (!target.name) {
    const out = await deleteCollection(ctx.deps, target, listQueryOf(query, target.resource.resource), options);
    return void sendJson(reply, 200, listEnvelope(target, out.items, out.revision));
  }
  const out = await deleteObject(ctx.deps, target, options);
  sendJson(reply, 200, deleteResponse(target, out.deleted, out.object));
}
