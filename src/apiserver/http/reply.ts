/** Writing API responses: JSON bodies with a truthful Content-Type, Warning headers, Status errors. */
import type { FastifyReply } from 'fastify';
import type { ApiError } from '../../api/errors.js';
import { JSON_CONTENT_TYPE } from './negotiate.js';

/** `Warning: 299 - "text"` (RFC 7234 warn-code 299, as client-go expects). */
export function warningHeaders(warnings: readonly string[]): string[] {
  return warnings.map((w) => `299 - "${w.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`);
}

export function sendJson(reply: FastifyReply, code: number, body: unknown, options: { contentType?: string; warnings?: readonly string[] } = {}): FastifyReply {
  if (options.warnings && options.warnings.length > 0) reply.header('warning', warningHeaders(options.warnings));
  // A Buffer, not a string: fastify would otherwise append a charset and re-quote the
  // media-type parameters, and client-go recognises Tables by those exact parameters.
  return reply.code(code).header('content-type', options.contentType ?? JSON_CONTENT_TYPE).send(Buffer.from(JSON.stringify(body)));
}

/** A body that is already JSON text (lists and GETs assembled from stored values). */
export function sendJsonText(reply: FastifyReply, code: number, json: string): FastifyReply {
  return reply.code(code).header('content-type', JSON_CONTENT_TYPE).send(Buffer.from(json));
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return sendJson(reply, error.code, error.toStatus());
}
