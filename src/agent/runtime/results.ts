import type { RuntimeFailureReason, RuntimeResult } from './runtime.js';

/** Small constructors for RuntimeResult values, shared by all runtimes. */
export function ok<T>(value: T): RuntimeResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(reason: RuntimeFailureReason, message: string): RuntimeResult<T> {
  return { ok: false, reason, message };
}

/** Thrown (not returned) where the contract returns plain values, e.g. list(). */
export class RuntimeUnavailableError extends Error {
  readonly code = 'RuntimeUnavailable';
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeUnavailableError';
  }
}

// Docker's reference grammar, in pieces: [domain/]path-component(/path-component)*[:tag][@digest].
const DOMAIN = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*)(?::[0-9]+)?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** True for references Docker can parse; the first component is a domain only if it has '.', ':' or is localhost. */
export function isValidImageReference(image: string): boolean {
  if (image.length === 0 || image.length > 255) return false;
  const [nameAndTag, digest, ...extra] = image.split('@');
  if (extra.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return false;
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon >= 0 ? nameAndTag.slice(0, colon) : nameAndTag;
  if (colon >= 0 && !TAG.test(nameAndTag.slice(colon + 1))) return false;
  const parts = name.split('/');
  const first = parts[0];
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!DOMAIN.test(first)) return false;
    parts.shift();
  }
  return parts.length > 0 && parts.every((p) => PATH_COMPONENT.test(p));
}

/** Exit code the way a shell/Kubernetes reports a signal death: 128 + signal number. */
export function exitCodeForSignal(signal: NodeJS.Signals | null, signals: Record<string, number>): number | undefined {
  if (!signal) return undefined;
  const n = signals[signal];
  return n === undefined ? undefined : 128 + n;
}
