/**
 * Joining hosts: `GET /cacerts` (anonymous: the cluster CA, which a joining agent checks
 * against the hash its token carries) and `POST /tugboat/v1/join` (a join token's holder
 * names its node and receives the node's own credential). The decision and the writes
 * live in src/auth; this is the HTTP edge only.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, forbidden, unauthorized } from '../../api/errors.js';
import { sendError, sendJson } from '../http/reply.js';
import type { UserInfo } from '../types.js';

export type JoinResult = { ok: true; token: string; user: string } | { ok: false; code: 400 | 403; message: string };

export interface JoinRouteOptions {
  caPem: string;
  join(user: UserInfo, body: unknown): Promise<JoinResult>;
}

export const CACERTS_PATH = '/cacerts';
export const JOIN_ROUTE_PATH = '/tugboat/v1/join';

function parseBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function registerJoinRoutes(app: FastifyInstance, options: JoinRouteOptions): void {
  app.get(CACERTS_PATH, async (_request, reply) => reply.code(200).header('content-type', 'application/x-pem-file').send(options.caPem));
  app.post(JOIN_ROUTE_PATH, async (request, reply) => {
    if (!request.user) return sendError(reply, unauthorized());
    const outcome = await options.join(request.user, parseBody(request.body));
    if (outcome.ok) return sendJson(reply, 200, { token: outcome.token, user: outcome.user });
    return sendError(reply, outcome.code === 400 ? badRequest(outcome.message) : forbidden(outcome.message));
  });
}
