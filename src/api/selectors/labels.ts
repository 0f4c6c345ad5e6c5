/**
 * Label selectors: the string syntax of `?labelSelector=` (`a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`) and the `LabelSelector` object of specs.
 * Pure; parse errors are returned values.
 */
import type { LabelSelector } from '../types.js';

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One requirement; `=`/`==` become In with one value, `!=` NotIn with one value. */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const KEY_RE = /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const VALUE_RE = /^([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?$/;

/** Split on commas that are not inside parentheses. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      terms.push(input.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(input.slice(start));
  return terms.map((t) => t.trim());
}

function checkKey(key: string): string | undefined {
  return KEY_RE.test(key) && key.length <= 316 ? undefined : `invalid label key "${key}"`;
}

function checkValue(value: string): string | undefined {
  return VALUE_RE.test(value) && value.length <= 63 ? undefined : `invalid label value: "${value}"`;
}

function parseTerm(term: string): ParseResult<LabelRequirement> {
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (setMatch) {
    const [, key, op, list] = setMatch;
    const values = list.split(',').map((v) => v.trim());
    const bad = checkKey(key) ?? values.map(checkValue).find((e) => e !== undefined);
    if (bad) return { ok: false, message: bad };
    return { ok: true, value: { key, operator: op === 'in' ? 'In' : 'NotIn', values } };
  }
  const eqMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (eqMatch) {
    const [, key, op, value] = eqMatch;
    const bad = checkKey(key) ?? checkValue(value);
    if (bad) return { ok: false, message: bad };
    return { ok: true, value: { key, operator: op === '!=' ? 'NotIn' : 'In', values: [value] } };
  }
  const negated = term.startsWith('!');
  const key = negated ? term.slice(1).trim() : term;
  const bad = checkKey(key);
  if (bad) return { ok: false, message: `unable to parse requirement: ${bad}` };
  return { ok: true, value: { key, operator: negated ? 'DoesNotExist' : 'Exists', values: [] } };
}

/** Parse the `labelSelector` query string. Empty string = matches everything. */
export function parseLabelSelector(input: string): ParseResult<LabelRequirement[]> {
  if (input.trim() === '') return { ok: true, value: [] };
  const requirements: LabelRequirement[] = [];
  for (const term of splitTerms(input)) {
    if (term === '') return { ok: false, message: `unable to parse requirement: empty term in "${input}"` };
    const parsed = parseTerm(term);
    if (!parsed.ok) return parsed;
    requirements.push(parsed.value);
  }
  return { ok: true, value: requirements };
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  for (const req of requirements) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? labels[req.key] : undefined;
    switch (req.operator) {
      case 'In': if (!has || !req.values.includes(value as string)) return false; break;
      case 'NotIn': if (has && req.values.includes(value as string)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
    }
  }
  return true;
}

/** The requirements of a `LabelSelector` object (as in Deployment.spec.selector). */
export function requirementsOf(selector: LabelSelector | undefined): LabelRequirement[] {
  if (!selector) return [];
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(([key, v]): LabelRequirement => ({ key, operator: 'In', values: [v] }));
  const fromExpressions = (selector.matchExpressions ?? []).map((e): LabelRequirement => ({ key: e.key, operator: e.operator, values: e.values ?? [] }));
  return [...fromLabels, ...fromExpressions];
}

/** A matcher for a `LabelSelector` object. An absent selector matches nothing, an empty one everything (k8s rule). */
export function labelSelectorMatcher(selector: LabelSelector | undefined): (labels: Record<string, string> | undefined) => boolean {
  if (selector === undefined || selector === null) return () => false;
  const reqs = requirementsOf(selector);
  return (labels) => matchesLabels(reqs, labels);
}

function requirementToString(req: LabelRequirement): string {
  switch (req.operator) {
    case 'In': return req.values.length === 1 ? `${req.key}=${req.values[0]}` : `${req.key} in (${[...req.values].sort().join(',')})`;
    case 'NotIn': return req.values.length === 1 ? `${req.key}!=${req.values[0]}` : `${req.key} notin (${[...req.values].sort().join(',')})`;
    case 'Exists': return req.key;
    case 'DoesNotExist': return `!${req.key}`;
  }
}

/** The string form of requirements, sorted by key as Kubernetes prints them (`app=web,tier in (a,b)`). */
export function labelRequirementsToString(requirements: readonly LabelRequirement[]): string {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(requirementToString).join(',');
}

/** `LabelSelector` object → query string, e.g. for Scale.status.selector. */
export function labelSelectorToString(selector: LabelSelector | undefined): string {
  return labelRequirementsToString(requirementsOf(selector));
}
