/**
 * The paths of one group version's OpenAPI v3 document. Schemas are left empty: kubectl only
 * needs each kind's PATCH operation, its x-kubernetes-group-version-kind and its query
 * parameters (kubernetes-api.md §4). `kubectl explain` would need real schemas.
 */
import type { ResourceInfo, SubresourceInfo } from '../../api/resources.js';

/**
 * Patch media types advertised in each PATCH requestBody.
 *
 * application/strategic-merge-patch+json is deliberately NOT advertised although the server
 * accepts it. kubectl 1.32's client-side apply (`pkg/cmd/apply/patcher.go` patchSimple)
 * first asks whether the GVK's v3 PATCH operation lists that media type; only then does it
 * compute the three-way SMP from the component schema of this document
 * (strategicpatch.NewPatchMetaFromOpenAPIV3), whose x-kubernetes-patch-merge-key /
 * -patch-strategy extensions tell it how to merge lists. We publish no schemas, so the safe
 * path is kubectl's fallback: OpenAPI v2 (404 or openapiV2Empty, no schema either), then its
 * compiled-in Go types with the real patchMergeKey tags.
 *
 * Checked against kubectl.1.32 (2026-11): without the entry, `apply` on a changed Deployment
 * sent the correct SMP (`$setElementOrder/containers`, only the changed container). With
 * the entry and empty schemas it happened to fall back too, because the kind's schema is
 * missing; but any future partial schema (say, for `kubectl explain`) without the merge-key
 * extensions would silently turn container lists into wholesale replacements. Advertise SMP
 * here only together with complete schemas.
 */
export const ADVERTISED_PATCH_CONTENT_TYPES = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
] as const;

type Json = Record<string, unknown>;
interface Gvk { group: string; version: string; kind: string }

const queryParam = (name: string, description: string, type = 'string'): Json => (
  { name, in: 'query', description, schema: { type, uniqueItems: true } }
);
const pathParam = (name: string, description: string): Json => (
  { name, in: 'path', required: true, description, schema: { type: 'string', uniqueItems: true } }
);

const DRY_RUN = queryParam('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = queryParam('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
/** The parameter kubectl's QueryParamVerifierV3 looks for before relying on server-side validation. */
const FIELD_VALIDATION = queryParam('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.');
const FORCE = queryParam('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const PRETTY = queryParam('pretty', "If 'true', then the output is pretty printed.");
const NAME = pathParam('name', 'name of the resource');
const NAMESPACE = pathParam('namespace', 'object name and auth scope, such as for teams and projects');

const objectSchema = { type: 'object' };
const jsonBody = (): Json => ({ required: true, content: { 'application/json': { schema: objectSchema } } });
const ok = (code = '200'): Json => ({ [code]: { description: 'OK', content: { 'application/json': { schema: objectSchema } } } });

function operation(action: string, gvk: Gvk, parameters: Json[], extra: Json = {}): Json {
  return { 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, parameters, responses: ok(), ...extra };
}

const writeParams = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, PRETTY];
const patchOperation = (gvk: Gvk, scope: Json[]): Json => operation('patch', gvk, [...scope, ...writeParams, FORCE], {
  requestBody: { required: true, content: Object.fromEntries(ADVERTISED_PATCH_CONTENT_TYPES.map((t) => [t, { schema: objectSchema }])) },
});

function prefix(r: ResourceInfo): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

/** Item operations on `…/{name}` (get, put, patch, delete) for the verbs the resource serves. */
function itemOperations(verbs: string[], gvk: Gvk, scope: Json[]): Json {
  const ops: Json = {};
  if (verbs.includes('get')) ops.get = operation('get', gvk, [...scope, PRETTY]);
  if (verbs.includes('update')) ops.put = operation('put', gvk, [...scope, ...writeParams], { requestBody: jsonBody() });
  if (verbs.includes('patch')) ops.patch = patchOperation(gvk, scope);
  if (verbs.includes('delete')) ops.delete = operation('delete', gvk, [...scope, DRY_RUN, PRETTY]);
  if (verbs.includes('create')) ops.post = operation('post', gvk, [...scope, ...writeParams], { requestBody: jsonBody() });
  return ops;
}

function subresourcePaths(r: ResourceInfo, itemPath: string, scope: Json[]): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const s of r.subresources as SubresourceInfo[]) {
    const gvk = { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind };
    const ops = itemOperations(s.verbs, gvk, scope);
    if (Object.keys(ops).length > 0) paths[`${itemPath}/${s.name}`] = ops;
  }
  return paths;
}

/** Every path of one resource: collection, all-namespaces list, item and subresources. */
export function resourcePaths(r: ResourceInfo): Record<string, Json> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const base = r.namespaced ? `${prefix(r)}/namespaces/{namespace}/${r.resource}` : `${prefix(r)}/${r.resource}`;
  const collectionScope = r.namespaced ? [NAMESPACE] : [];
  const itemScope = [NAME, ...collectionScope];
  const collection: Json = {};
  if (r.verbs.includes('list')) collection.get = operation('list', gvk, [...collectionScope, PRETTY]);
  if (r.verbs.includes('create')) collection.post = operation('post', gvk, [...collectionScope, ...writeParams], { requestBody: jsonBody(), responses: { ...ok(), ...ok('201') } });
  if (r.verbs.includes('deletecollection')) collection.delete = operation('deletecollection', gvk, [...collectionScope, DRY_RUN, PRETTY]);
  const paths: Record<string, Json> = {
    [base]: collection,
    [`${base}/{name}`]: itemOperations(r.verbs.filter((v) => v !== 'create'), gvk, itemScope),
    ...subresourcePaths(r, `${base}/{name}`, itemScope),
  };
  if (r.namespaced && r.verbs.includes('list')) paths[`${prefix(r)}/${r.resource}`] = { get: operation('list', gvk, [PRETTY]) };
  return paths;
}
