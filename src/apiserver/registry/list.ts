/**
 * LIST with label/field selectors and limit/continue paging. Objects are filtered after
 * decoding, so a page may need several store reads to fill `limit` matches.
 */
import { ApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import type { KeyValue } from '../../store/store.js';
import { matchesFields, matchesLabels, type FieldRequirement, type LabelRequirement } from '../../api/selectors/index.js';
import { decodeKv, parseRevision } from './codec.js';
import type { RegistryDeps, Target } from './context.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { collectionPrefix } from './keys.js';

const SELECTOR_CHUNK = 128;

export interface ListQuery {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListPage {
  items: KubeObject[];
  revision: number;
  continueToken?: string;
}

export function matchesQuery(target: Target, query: Pick<ListQuery, 'labels' | 'fields'>, object: KubeObject): boolean {
  return matchesLabels(query.labels, object.metadata.labels) && matchesFields(query.fields, target.resource.resource, object);
}

function expiredContinue(): ApiError {
  return new ApiError({
    code: 410, reason: 'Expired',
    message: 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
  });
}

/** A listed value; `object` is already decoded when the selectors needed it. */
export interface ListedValue {
  kv: KeyValue;
  object?: KubeObject;
}

export interface EncodedListPage {
  values: ListedValue[];
  revision: number;
  continueToken?: string;
}

export async function listObjects(deps: RegistryDeps, target: Target, query: ListQuery): Promise<ListPage> {
  const page = await listValues(deps, target, query);
  return { items: page.values.map((v) => v.object ?? decodeKv(v.kv)), revision: page.revision, continueToken: page.continueToken };
}

/**
 * The matching stored values, decoded only when a selector has to look inside: a plain
 * JSON list is then served by splicing resourceVersions into the stored text.
 */
export async function listValues(deps: RegistryDeps, target: Target, query: ListQuery): Promise<EncodedListPage> {
  const prefix = collectionPrefix(target.resource, target.namespace);
  const start = query.continueToken ? decodeContinue(query.continueToken) : undefined;
  let startAfter = start?.key;
  let revision = start?.revision ?? (query.resourceVersionMatch === 'Exact' ? parseRevision(query.resourceVersion) : undefined);
  const limit = query.limit && query.limit > 0 ? query.limit : undefined;
  const values: ListedValue[] = [];
  // With selectors most rows may not match: read bigger chunks than the page to fill it.
  const filtered = query.labels.length > 0 || query.fields.length > 0;
  const chunk = limit === undefined ? undefined : filtered ? Math.max(limit, SELECTOR_CHUNK) : limit;

  for (;;) {
    const res = await deps.store.list(prefix, { limit: chunk, startAfter, revision });
    if (!res.ok) {
      if (start) throw expiredContinue();
      throw new ApiError({ code: 410, reason: 'Expired', message: `too old resource version: ${revision} (${res.compactRevision})` });
    }
    revision = res.revision;
    for (let i = 0; i < res.items.length; i++) {
      const kv = res.items[i];
      startAfter = kv.key;
      if (filtered) {
        const object = decodeKv(kv);
        if (!matchesQuery(target, query, object)) continue;
        values.push({ kv, object });
      } else {
        values.push({ kv });
      }
      if (limit !== undefined && values.length === limit) {
        const more = i < res.items.length - 1 || res.more;
        return { values, revision, continueToken: more ? encodeContinue({ key: kv.key, revision }) : undefined };
      }
    }
    if (!res.more || res.items.length === 0) return { values, revision };
  }
}
