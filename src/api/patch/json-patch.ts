/**
 * JSON Patch (RFC 6902): add, remove, replace, move, copy, test. Works on a deep copy;
 * the first failing operation aborts the whole patch (the RFC's atomicity).
 */
import { deepEqual, clone } from './json.js';

export type PatchOutcome = { ok: true; object: unknown } | { ok: false; kind: 'invalid' | 'malformed'; message: string };

interface Operation { op: string; path: string; from?: string; value?: unknown }

class PatchFailure extends Error {}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchFailure(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function arrayIndex(arr: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchFailure(`invalid array index "${token}"`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new PatchFailure(`array index ${i} out of bounds`);
  return i;
}

/** The parent container and last token of a path; throws when the parent is missing. */
function locate(doc: unknown, tokens: string[], path: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
    else throw new PatchFailure(`missing path "${path}"`);
  }
  if (!isContainer(cur)) throw new PatchFailure(`missing path "${path}"`);
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function getAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = locate(doc, tokens, path);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, false)];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new PatchFailure(`missing path "${path}"`);
  return parent[key];
}

function addAt(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchFailure('cannot remove the document root');
  const { parent, key } = locate(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new PatchFailure(`unable to remove nonexistent key: ${key}: missing value`);
  else delete parent[key];
  return doc;
}

function applyOne(doc: unknown, op: Operation): unknown {
  if (typeof op.path !== 'string') throw new PatchFailure(`operation ${op.op} has no "path"`);
  switch (op.op) {
    case 'add': return addAt(doc, op.path, clone(op.value));
    case 'remove': return removeAt(doc, op.path);
    case 'replace': getAt(doc, op.path); return addAt(removeAtForReplace(doc, op.path), op.path, clone(op.value));
    case 'move': {
      if (typeof op.from !== 'string') throw new PatchFailure('move operation has no "from"');
      if (op.path.startsWith(`${op.from}/`)) throw new PatchFailure('cannot move a value into one of its children');
      const value = getAt(doc, op.from);
      return addAt(removeAt(doc, op.from), op.path, value);
    }
    case 'copy': {
      if (typeof op.from !== 'string') throw new PatchFailure('copy operation has no "from"');
      return addAt(doc, op.path, clone(getAt(doc, op.from)));
    }
    case 'test':
      if (!deepEqual(getAt(doc, op.path), op.value)) throw new PatchFailure(`testing value ${op.path} failed`);
      return doc;
    default: throw new PatchFailure(`unknown operation "${String(op.op)}"`);
  }
}

/** replace = remove + add, except the root and array slots (replaced in place). */
function removeAtForReplace(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  return removeAt(doc, path);
}

export function applyJsonPatch(target: unknown, patch: unknown): PatchOutcome {
  if (!Array.isArray(patch)) return { ok: false, kind: 'malformed', message: 'a JSON patch must be an array of operations' };
  let doc = clone(target);
  try {
    for (const op of patch) {
      if (!isContainer(op) || Array.isArray(op)) throw new PatchFailure('each JSON patch operation must be an object');
      const operation = op as unknown as Operation;
      if (operation.op === 'replace' && parsePointer(operation.path).length === 0) doc = clone(operation.value);
      else doc = applyOne(doc, operation);
    }
  } catch (err) {
    if (err instanceof PatchFailure) return { ok: false, kind: 'invalid', message: err.message };
    throw err;
  }
  return { ok: true, object: doc };
}
