/**
 * OpenAPI documents (kubernetes-api.md §4): the /openapi/v3 index, one v3 document per
 * group version, and what to answer on /openapi/v2.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, groupVersions } from '../../api/resources.js';
import { resourcePaths } from './openapi-paths.js';
import { SERVER_VERSION } from './version.js';

/** "api/v1" or "apis/apps/v1": the key of a group version under /openapi/v3. */
function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function buildDocument(group: string, version: string): Record<string, unknown> {
  const paths = Object.assign({}, ...RESOURCES.filter((r) => r.group === group && r.version === version).map(resourcePaths));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}

interface CachedDocument { document: Record<string, unknown>; hash: string }

/** RESOURCES is static, so each document and its hash are computed once. */
let cache: Map<string, CachedDocument> | undefined;

function documents(): Map<string, CachedDocument> {
  if (!cache) {
    cache = new Map();
    for (const { group, version } of groupVersions()) {
      const document = buildDocument(group, version);
      // kube-openapi's handler3 uses the upper-case hex SHA-512 of the served bytes.
      const hash = createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
      cache.set(gvPath(group, version), { document, hash });
    }
  }
  return cache;
}

/** Accepts "api/v1", "/apis/apps/v1", "/openapi/v3/apis/apps/v1?hash=…". */
function normalise(path: string): string {
  return path.split('?')[0].replace(/^\/+/, '').replace(/^openapi\/v3\//, '').replace(/\/+$/, '');
}

/** GET /openapi/v3 */
export function openapiV3Root(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, { hash }] of documents()) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  return { paths };
}

/** GET /openapi/v3/api/v1 or /openapi/v3/apis/{g}/{v}; undefined when not served. */
export function openapiV3Document(groupVersionPath: string): unknown | undefined {
  return documents().get(normalise(groupVersionPath))?.document;
}

/** The content hash in the index's serverRelativeURL; usable as an ETag. */
export function openapiV3Hash(groupVersionPath: string): string | undefined {
  return documents().get(normalise(groupVersionPath))?.hash;
}

/** Without "@": Go's mime parser rejects the `spec.v2@v1.0` spelling that kubectl puts in Accept. */
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/**
 * GET /openapi/v2: 200 with an empty protobuf body, a valid and empty OpenAPI v2 document.
 * Preferred to 404: kubectl's client-side validation (used when a kind is missing from the
 * v3 documents) then skips unknown kinds instead of failing with "failed to download
 * openapi", and client-side apply falls through to its compiled-in types either way.
 */
export function openapiV2Empty(): { status: 200; contentType: string; body: Buffer } {
  return { status: 200, contentType: OPENAPI_V2_PROTOBUF_CONTENT_TYPE, body: Buffer.alloc(0) };
}
