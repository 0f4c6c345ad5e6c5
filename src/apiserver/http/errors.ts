/**
 * Every failure leaves as a metav1.Status: ApiErrors as they are, fastify's own errors
 * (body too large, bad content) mapped to their Kubernetes equivalents, anything else a
 * logged 500. The server never crashes on bad input.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ApiError, badRequest, internalError, isApiError, pathNotFound, tooLarge } from '../../api/errors.js';
import { sendError } from './reply.js';

export function toApiError(err: unknown, bodyLimitBytes: number): ApiError | undefined {
  if (isApiError(err)) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) return tooLarge(bodyLimitBytes);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (fe.statusCode === 404) return pathNotFound();
    if (fe.statusCode === 400) return badRequest(fe.message ?? 'bad request');
    return new ApiError({ code: fe.statusCode, reason: 'BadRequest', message: fe.message ?? 'bad request' });
  }
  return undefined;
}

export function makeErrorHandler(logger: Logger, bodyLimitBytes: number) {
  return function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const apiError = toApiError(err, bodyLimitBytes);
    if (apiError) {
      sendError(reply, apiError);
      return;
    }
    logger.error({ err, method: request.method, url: request.url }, 'unexpected error serving API request');
    sendError(reply, internalError((err as Error)?.message ?? 'unknown error'));
  };
}
