/**
 * Strategic merge patch (kubernetes-api.md §9), the server side of what kubectl apply,
 * set image, rollout restart and patch send. Maps merge recursively and `null` deletes;
 * lists merge by the key from merge-keys.ts or are replaced whole; the directives
 * `$patch` (replace|delete|merge), `$retainKeys`, `$setElementOrder/<f>` and
 * `$deleteFromPrimitiveList/<f>` are honoured and never stored.
 */
import { clone, deepEqual, isPlainObject } from './json.js';
import { listStrategy, type ListStrategy } from './merge-keys.js';

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export class StrategicPatchError extends Error {}

/** Remove directive keys from a value that is being inserted rather than merged. */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => !(isPlainObject(v) && v.$patch === 'delete')).map(stripDirectives);
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    if (v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

function mergeKeyValue(element: unknown, mergeKey: string): unknown {
  return isPlainObject(element) ? element[mergeKey] : undefined;
}

function mergeKeyedList(
  kind: string, path: string[], original: unknown[], patch: unknown[], mergeKey: string,
): unknown[] {
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isPlainObject(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  const result = original.map((x) => x);
  for (const element of patch) {
    if (!isPlainObject(element)) {
      throw new StrategicPatchError(`list at ${path.join('.')} merges by "${mergeKey}" but the patch has a non-object element`);
    }
    const key = element[mergeKey];
    if (key === undefined) throw new StrategicPatchError(`map: ${JSON.stringify(element)} does not contain declared merge key: ${mergeKey}`);
    const at = result.findIndex((o) => deepEqual(mergeKeyValue(o, mergeKey), key));
    if (element.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    if (at >= 0) result[at] = mergeMap(kind, path, result[at], element);
    else result.push(stripDirectives(element));
  }
  return result;
}

function mergePrimitiveList(original: unknown[], patch: unknown[]): unknown[] {
  const result = original.map((x) => x);
  for (const v of patch) if (!result.some((o) => deepEqual(o, v))) result.push(v);
  return result;
}

function mergeList(kind: string, path: string[], original: unknown, patch: unknown[], strategy: ListStrategy | undefined): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (!strategy) return stripDirectives(patch) as unknown[];
  if (strategy.type === 'merge-primitive') return mergePrimitiveList(base, patch);
  return mergeKeyedList(kind, path, base, patch, strategy.mergeKey);
}

/** Reorder `list` per `$setElementOrder`: listed elements first in that order, the rest after. */
function applyElementOrder(list: unknown[], order: unknown[], strategy: ListStrategy | undefined): unknown[] {
  const keyOf = (v: unknown): unknown => (strategy?.type === 'merge' ? mergeKeyValue(v, strategy.mergeKey) : v);
  const wanted = order.map((o) => (strategy?.type === 'merge' && isPlainObject(o) ? o[strategy.mergeKey] : o));
  const ordered: unknown[] = [];
  for (const w of wanted) {
    const found = list.find((x) => deepEqual(keyOf(x), w));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((x) => !ordered.includes(x))];
}

export function mergeMap(kind: string, path: string[], original: unknown, patch: Record<string, unknown>): unknown {
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  const result: Record<string, unknown> = isPlainObject(original) ? { ...original } : {};
  const orders: Array<[string, unknown[]]> = [];

  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER)) {
      if (Array.isArray(value)) orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((x) => !value.some((v) => deepEqual(v, x)));
      continue;
    }
    if (key.startsWith('$')) throw new StrategicPatchError(`unknown patch directive "${key}"`);
    const childPath = [...path, key];
    if (value === null) {
      delete result[key];
    } else if (isPlainObject(value)) {
      const merged = mergeMap(kind, childPath, result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else if (Array.isArray(value)) {
      result[key] = mergeList(kind, childPath, result[key], value, listStrategy(kind, childPath));
    } else {
      result[key] = value;
    }
  }

  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = applyElementOrder(list, order, listStrategy(kind, [...path, field]));
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(result)) if (!retain.includes(k)) delete result[k];
  }
  return result;
}

/** Apply a strategic merge patch to a whole object of `kind`. Throws StrategicPatchError on a bad patch. */
export function applyStrategicPatch(target: unknown, patch: unknown, kind: string): unknown {
  if (!isPlainObject(patch)) throw new StrategicPatchError('a strategic merge patch must be a JSON object');
  const merged = mergeMap(kind, [], clone(target), patch);
  return merged === undefined ? {} : merged;
}
