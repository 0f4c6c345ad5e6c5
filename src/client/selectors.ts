/**
 * Label and field selector strings (the `?labelSelector=` / `?fieldSelector=` syntax)
 * parsed into predicates, for the fake client and client-side filtering.
 * Labels: the apiserver's grammar (src/api/selectors): `a=b`, `a!=b`, `a in (x,y)`, `a`, `!a`.
 * Fields: `path=value`, `path==value`, `path!=value` over dotted paths such as
 * metadata.name, metadata.namespace, spec.nodeName, status.phase.
 */
import type { KubeObject } from '../api/types.js';
import { matchesLabels, parseLabelSelector as parseRequirements } from '../api/selectors/index.js';

export type ObjectPredicate = (object: KubeObject) => boolean;

export class SelectorParseError extends Error {
  constructor(selector: string, why: string) {
    super(`unable to parse requirement: "${selector}": ${why}`);
    this.name = 'SelectorParseError';
  }
}

/** Splits on commas that are not inside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.filter(Boolean);
}

export function parseLabelSelector(selector: string | undefined): ObjectPredicate {
  // The apiserver's own parser and matcher, so the fake selects exactly like the server.
  const parsed = parseRequirements(selector ?? '');
  if (!parsed.ok) throw new SelectorParseError(selector ?? '', parsed.message);
  const requirements = parsed.value;
  return (o) => matchesLabels(requirements, o.metadata.labels);
}

export function fieldValue(object: unknown, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

export function parseFieldSelector(selector: string | undefined): ObjectPredicate {
  const tests = terms(selector ?? '').map((term): ObjectPredicate => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorParseError(term, 'invalid field selector term');
    const [, path, op, value] = m;
    return op === '!=' ? (o) => fieldValue(o, path) !== value : (o) => fieldValue(o, path) === value;
  });
  return (o) => tests.every((t) => t(o));
}
