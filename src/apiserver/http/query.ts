/** Query-string options of API requests, parsed once per request. */
import type { FieldValidation } from '../../api/admission/index.js';
import { badRequest } from '../../api/errors.js';
import { isPlainObject } from '../../api/patch/index.js';
import { parseFieldSelector, parseLabelSelector } from '../../api/selectors/index.js';
import type { DeleteOptions, PropagationPolicy } from '../registry/deletion.js';
import type { ListQuery } from '../registry/list.js';
import type { WriteOptions } from '../registry/context.js';

export type Query = Record<string, string | string[] | undefined>;

/** The single value of a parameter (the first, when repeated). */
export function one(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

export function all(query: Query, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function flag(query: Query, name: string): boolean {
  const v = one(query, name);
  return v === 'true' || v === '1';
}

export function intParam(query: Query, name: string): number | undefined {
  const v = one(query, name);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${name}: invalid integer "${v}"`);
  return n;
}

export function isDryRun(query: Query): boolean {
  const values = all(query, 'dryRun');
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: unsupported value "${v}" (only "All" is supported)`);
  return values.length > 0;
}

function fieldValidationOf(query: Query): FieldValidation {
  const v = one(query, 'fieldValidation');
  if (v === undefined || v === '' || v === 'Strict') return 'Strict';
  if (v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: invalid value "${v}" (Strict, Warn or Ignore)`);
}

export function writeOptionsOf(query: Query): WriteOptions {
  return { dryRun: isDryRun(query), fieldValidation: fieldValidationOf(query), fieldManager: one(query, 'fieldManager') };
}

export function listQueryOf(query: Query, resource: string): ListQuery {
  const labels = parseLabelSelector(one(query, 'labelSelector') ?? '');
  if (!labels.ok) throw badRequest(`unable to parse labelSelector: ${labels.message}`);
  const fields = parseFieldSelector(one(query, 'fieldSelector') ?? '', resource);
  if (!fields.ok) throw badRequest(fields.message);
  const limit = intParam(query, 'limit');
  return {
    labels: labels.value, fields: fields.value, limit,
    continueToken: one(query, 'continue') || undefined,
    resourceVersion: one(query, 'resourceVersion'),
    resourceVersionMatch: one(query, 'resourceVersionMatch'),
  };
}

const POLICIES = new Set(['Background', 'Foreground', 'Orphan']);

/** DeleteOptions from the JSON body (kubectl) or the query string (client-node); the body wins. */
export function deleteOptionsOf(query: Query, body: unknown): DeleteOptions {
  const b = isPlainObject(body) ? body : {};
  const policy = (b.propagationPolicy ?? one(query, 'propagationPolicy')) as string | undefined;
  if (policy !== undefined && !POLICIES.has(policy)) throw badRequest(`propagationPolicy: unsupported value "${policy}"`);
  const orphanDependents = b.orphanDependents ?? (one(query, 'orphanDependents') === undefined ? undefined : flag(query, 'orphanDependents'));
  const grace = typeof b.gracePeriodSeconds === 'number' ? b.gracePeriodSeconds : intParam(query, 'gracePeriodSeconds');
  const bodyDryRun = Array.isArray(b.dryRun) && b.dryRun.includes('All');
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: (policy as PropagationPolicy | undefined) ?? (orphanDependents === true ? 'Orphan' : undefined),
    preconditions: isPlainObject(b.preconditions) ? b.preconditions as DeleteOptions['preconditions'] : undefined,
    dryRun: bodyDryRun || isDryRun(query),
  };
}
