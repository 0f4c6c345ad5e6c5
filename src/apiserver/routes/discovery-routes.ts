/**
 * Discovery, version and OpenAPI endpoints. The documents come from the pure functions
 * in ../discovery; this file only picks the representation and Content-Type (§1.3, §3).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathNotFound } from '../../api/errors.js';
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE, aggregatedDiscovery, apiResourceList, legacyApiGroupList, legacyApiVersions,
  openapiV2Empty, openapiV3Document, openapiV3Hash, openapiV3Root, versionInfo,
} from '../discovery/index.js';
import { sendJson } from '../http/reply.js';

function wantsAggregated(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('as=APIGroupDiscoveryList') && accept.includes('g=apidiscovery.k8s.io');
}

function serverAddress(request: FastifyRequest): string {
  return request.headers.host ?? `${request.socket.localAddress ?? '127.0.0.1'}:${request.socket.localPort ?? 0}`;
}

function serveRoot(which: 'api' | 'apis', request: FastifyRequest, reply: FastifyReply): void {
  if (wantsAggregated(request)) {
    const doc = aggregatedDiscovery(which);
    if (doc !== undefined) return void sendJson(reply, 200, doc, { contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE });
  }
  sendJson(reply, 200, which === 'api' ? legacyApiVersions(serverAddress(request)) : legacyApiGroupList());
}

export function serveGroupVersion(group: string, version: string, _request: FastifyRequest, reply: FastifyReply): void {
  const doc = apiResourceList(group, version);
  if (doc === undefined) throw pathNotFound();
  sendJson(reply, 200, doc);
}

export function serveGroup(group: string, _request: FastifyRequest, reply: FastifyReply): void {
  const list = legacyApiGroupList() as { groups?: Array<{ name: string }> };
  const found = list.groups?.find((g) => g.name === group);
  if (!found) throw pathNotFound();
  sendJson(reply, 200, { kind: 'APIGroup', apiVersion: 'v1', ...found });
}

/** Routes outside /api and /apis. `/version` and the health probes are anonymous (auth.ts). */
export function registerDiscoveryRoutes(app: FastifyInstance): void {
  app.get('/version', (_req, reply) => sendJson(reply, 200, versionInfo()));
  for (const probe of ['/healthz', '/readyz', '/livez']) {
    app.get(probe, (_req, reply) => reply.code(200).header('content-type', 'text/plain; charset=utf-8').send('ok'));
  }
  app.get('/api', (req, reply) => serveRoot('api', req, reply));
  app.get('/apis', (req, reply) => serveRoot('apis', req, reply));
  app.get('/openapi/v3', (_req, reply) => sendJson(reply, 200, openapiV3Root()));
  app.get('/openapi/v3/*', (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    const doc = openapiV3Document(rest);
    if (doc === undefined) throw pathNotFound();
    const hash = openapiV3Hash(rest);
    if (hash) reply.header('etag', `"${hash}"`);
    sendJson(reply, 200, doc);
  });
  // An empty (valid) v2 document: client-side validation then skips kinds it has no
  // schema for, and apply falls back to kubectl's compiled-in types (§0 item 3, §4.1).
  app.get('/openapi/v2', (_req, reply) => {
    const v2 = openapiV2Empty();
    reply.code(v2.status).header('content-type', v2.contentType).send(v2.body);
  });
}
