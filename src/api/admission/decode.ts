/**
 * Decoding a request body against a kind's schema, with Kubernetes' fieldValidation
 * semantics: type errors are 400 BadRequest; unknown fields are a 400 under Strict,
 * warnings under Warn, silently dropped under Ignore. Missing required fields become
 * `Required value` causes, as the Go decoder leaves them zero and validation reports them.
 */
import type { z } from 'zod';
import { type ApiError, badRequest } from '../errors.js';
import { type FieldCause, required } from './field-errors.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type DecodeResult =
  | { kind: 'decoded'; value: Record<string, unknown>; warnings: string[] }
  | { kind: 'badRequest'; error: ApiError }
  | { kind: 'invalid'; causes: FieldCause[] };

type Path = ReadonlyArray<PropertyKey>;

/** `spec.template.spec.containers[0].imagePullPolcy`, the way Kubernetes prints paths. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** JSON null means "unset" to the Go decoder; drop null properties so schemas see absence. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Position of every path in document order, so unknown fields are listed as the Go decoder meets them. */
function documentOrder(root: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      const next = [...path, Array.isArray(v) ? Number(k) : k];
      order.set(formatPath(next), order.size);
      walk(child, next);
    }
  };
  walk(root, []);
  return order;
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return `number ${v}`;
  return typeof v;
}

const GO_TYPES: Record<string, string> = {
  number: 'int32', int: 'int32', string: 'string', boolean: 'bool', array: '[]interface {}',
  object: 'map[string]interface {}', record: 'map[string]string',
};

function typeErrorMessage(kindName: string, issue: z.core.$ZodIssue, input: unknown): string {
  const got = valueAt(input, issue.path);
  const expected = issue.code === 'invalid_type' ? GO_TYPES[issue.expected] ?? issue.expected : 'intstr.IntOrString';
  return `json: cannot unmarshal ${jsonTypeName(got)} into Go struct field ${kindName}.${formatPath(issue.path)} of type ${expected}`;
}

export interface DecodeOptions {
  kind: string;
  version: string;
  fieldValidation: FieldValidation;
}

export function decode(schema: z.ZodType, body: unknown, opts: DecodeOptions): DecodeResult {
  const prefix = `${opts.kind} in version "${opts.version}" cannot be handled as a ${opts.kind}`;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { kind: 'badRequest', error: badRequest(`${prefix}: json: cannot unmarshal ${jsonTypeName(body)} into Go value of type struct`) };
  }
  const input = dropNulls(body) as Record<string, unknown>;
  const first = schema.safeParse(input);
  if (first.success) return { kind: 'decoded', value: first.data as Record<string, unknown>, warnings: [] };

  const unknown: Array<{ path: Path; key: string }> = [];
  const missing: FieldCause[] = [];
  for (const issue of first.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.push({ path: issue.path, key });
    } else if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      missing.push(required(formatPath(issue.path)));
    } else {
      return { kind: 'badRequest', error: badRequest(`${prefix}: ${typeErrorMessage(opts.kind, issue, input)}`) };
    }
  }
  const order = documentOrder(input);
  const unknownPaths = unknown.map((u) => formatPath([...u.path, u.key]))
    .sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  if (unknownPaths.length > 0 && opts.fieldValidation === 'Strict') {
    const list = unknownPaths.map((p) => `unknown field "${p}"`).join(', ');
    return { kind: 'badRequest', error: badRequest(`${prefix}: strict decoding error: ${list}`) };
  }
  if (missing.length > 0) return { kind: 'invalid', causes: missing };
  for (const u of unknown) delete (valueAt(input, u.path) as Record<string, unknown>)[u.key];
  const second = schema.safeParse(input);
  if (!second.success) {
    return { kind: 'badRequest', error: badRequest(`${prefix}: ${typeErrorMessage(opts.kind, second.error.issues[0], input)}`) };
  }
  const warnings = opts.fieldValidation === 'Warn' ? unknownPaths.map((p) => `unknown field "${p}"`) : [];
  return { kind: 'decoded', value: second.data as Record<string, unknown>, warnings };
}
