/**
 * Error helpers for API callers, mirroring client-go's apierrors.IsNotFound & co.
 * Server errors are ApiError (src/api/errors.ts); transport failures (refused
 * connection, reset socket, TLS failure, request timeout) are ConnectionError, so a
 * caller can tell "the server said no" from "we never got an answer".
 */
import { ApiError, isApiError, type StatusReason } from '../api/errors.js';
import type { Status } from '../api/types.js';

export class ConnectionError extends Error {
  /** Node/undici error code when known, e.g. ECONNREFUSED, UND_ERR_SOCKET, UND_ERR_HEADERS_TIMEOUT. */
  readonly code: string;

  constructor(message: string, opts: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'ConnectionError';
    this.code = opts.code ?? 'UNKNOWN';
  }
}

export function isConnectionError(err: unknown): err is ConnectionError {
  return err instanceof ConnectionError;
}

/** True when the error is an abort caused by an AbortSignal (ours or the caller's). */
export function isAbortError(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return err instanceof Error && (err.name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED');
}

const hasReason = (reason: StatusReason) => (err: unknown): boolean => isApiError(err) && err.reason === reason;
const hasCode = (code: number) => (err: unknown): boolean => isApiError(err) && err.code === code;

export const isNotFound = hasReason('NotFound');
export const isAlreadyExists = hasReason('AlreadyExists');
export const isConflict = hasReason('Conflict');
export const isInvalid = hasReason('Invalid');
export const isBadRequest = hasReason('BadRequest');
export const isUnauthorized = hasReason('Unauthorized');
export const isForbidden = hasReason('Forbidden');
export const isMethodNotAllowed = hasReason('MethodNotAllowed');
export const isTooManyRequests = hasReason('TooManyRequests');
export const isServiceUnavailable = hasReason('ServiceUnavailable');
export const isInternalError = hasReason('InternalError');
/** 410: "Expired" (too old resourceVersion) or "Gone"; both mean "relist". */
export const isGone = hasCode(410);
export const isResourceExpired = isGone;

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  406: 'NotAcceptable', 409: 'Conflict', 410: 'Gone', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType',
  422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

/** The reason Kubernetes uses for a bare HTTP code (client-go's reasonForCode). */
export function reasonForCode(code: number): StatusReason {
  return REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/**
 * Rebuilds the ApiError a server sent, from the response code and body. A body that is
 * not a Status (a proxy's HTML page, say) still yields an ApiError with the code's reason.
 */
export function apiErrorFromResponse(httpCode: number, body: unknown): ApiError {
  if (isStatus(body)) {
    const code = typeof body.code === 'number' && body.code > 0 ? body.code : httpCode;
    return new ApiError({
      code,
      reason: (body.reason as StatusReason | undefined) || reasonForCode(code),
      message: body.message ?? `the server responded with status ${code}`,
      details: body.details,
    });
  }
  const text = typeof body === 'string' ? body.trim() : '';
  return new ApiError({
    code: httpCode,
    reason: reasonForCode(httpCode),
    message: text ? text.slice(0, 1024) : `the server responded with status ${httpCode}`,
  });
}

/** Default attempts of retryOnConflict: client-go's retry.DefaultRetry has Steps 5. */
export const DEFAULT_CONFLICT_ATTEMPTS = 5;

/**
 * Runs `fn` again (re-reading and re-applying inside it) while it fails with 409 Conflict,
 * up to `attempts` times in total; any other error, or the last conflict, is thrown.
 */
export async function retryOnConflict<T>(fn: (attempt: number) => Promise<T>, options: { attempts?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_CONFLICT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isConflict(err) || attempt >= attempts) throw err;
    }
  }
}
