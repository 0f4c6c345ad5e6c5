/**
 * Coded API errors. Every failure the API can report is an ApiError with a stable
 * Kubernetes `reason`, an HTTP code and structured details; the HTTP edge turns it
 * into a metav1.Status with `toStatus()`. The constructors reproduce the exact
 * messages kubectl users know (see shared/design/kubernetes-api.md §1.4).
 */
import type { Status, StatusCause } from './types.js';

export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Unauthorized'
  | 'Forbidden' | 'MethodNotAllowed' | 'NotAcceptable' | 'UnsupportedMediaType' | 'Expired'
  | 'Gone' | 'RequestEntityTooLarge' | 'InternalError' | 'ServiceUnavailable' | 'Timeout'
  | 'TooManyRequests';

/** The resource an error is about: plural resource name and API group ('' = core). */
export interface ResourceRef {
  resource: string;
  group?: string;
}

export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: Status['details'];

  constructor(opts: { code: number; reason: StatusReason; message: string; details?: Status['details'] }) {
    super(opts.message);
    this.name = 'ApiError';
    this.code = opts.code;
    this.reason = opts.reason;
    this.details = opts.details;
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: this.message, reason: this.reason, code: this.code,
    };
    status.details = this.details ?? {};
    return status;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** "pods" for the core group, "deployments.apps" otherwise: the name kubectl prints. */
export function qualifiedResource(ref: ResourceRef): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

function refDetails(ref: ResourceRef, name: string): Status['details'] {
  return ref.group ? { name, group: ref.group, kind: ref.resource } : { name, kind: ref.resource };
}

export function notFound(ref: ResourceRef, name: string): ApiError {
  return new ApiError({
    code: 404, reason: 'NotFound',
    message: `${qualifiedResource(ref)} "${name}" not found`,
    details: refDetails(ref, name),
  });
}

export function pathNotFound(): ApiError {
  return new ApiError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
}

export function alreadyExists(ref: ResourceRef, name: string): ApiError {
  return new ApiError({
    code: 409, reason: 'AlreadyExists',
    message: `${qualifiedResource(ref)} "${name}" already exists`,
    details: refDetails(ref, name),
  });
}

export function conflict(ref: ResourceRef, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError({
    code: 409, reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${qualifiedResource(ref)} "${name}": ${why}`,
    details: refDetails(ref, name),
  });
}

/** 422 with field causes. `kind` is the Kind (e.g. "Pod"), as Kubernetes does for Invalid. */
export function invalid(kind: string, name: string, causes: StatusCause[], group?: string): ApiError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : `${c.message}`));
  const joined = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  return new ApiError({
    code: 422, reason: 'Invalid',
    message: `${kind} "${name}" is invalid: ${joined}`,
    details: { name, ...(group ? { group } : {}), kind, causes },
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError({ code: 400, reason: 'BadRequest', message });
}

export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError({ code: 401, reason: 'Unauthorized', message });
}

export function forbidden(message: string): ApiError {
  return new ApiError({ code: 403, reason: 'Forbidden', message });
}

export function methodNotAllowed(message = 'the server does not allow this method on the requested resource'): ApiError {
  return new ApiError({ code: 405, reason: 'MethodNotAllowed', message });
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return new ApiError({
    code: 415, reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format (${contentType}) - accepted media types include: ${accepted.join(', ')}`,
  });
}

export function expired(requested: number, oldest: number): ApiError {
  return new ApiError({ code: 410, reason: 'Expired', message: `too old resource version: ${requested} (${oldest})` });
}

export function tooLarge(limitBytes: number): ApiError {
  return new ApiError({ code: 413, reason: 'RequestEntityTooLarge', message: `the request body is larger than the limit of ${limitBytes} bytes` });
}

export function internalError(message: string): ApiError {
  return new ApiError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}` });
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError({ code: 503, reason: 'ServiceUnavailable', message });
}
