/**
 * Content negotiation (kubernetes-api.md §1.3): which representation a client accepts
 * and how to decode a request body. JSON is always possible; we never answer 406.
 */
import { parse as parseYaml } from 'yaml';
import { badRequest, unsupportedMediaType } from '../../api/errors.js';
import { decodeProtobufObject } from '../../api/protobuf/index.js';
import type { IncludeObject } from '../../api/tables/index.js';

export const JSON_CONTENT_TYPE = 'application/json';
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export type PatchType = 'strategic' | 'merge' | 'json' | 'apply';

const PATCH_TYPES: Record<string, PatchType> = {
  'application/strategic-merge-patch+json': 'strategic',
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/apply-patch+yaml': 'apply',
};

/** True when the Accept header asks for a meta.k8s.io Table (kubectl get). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept || !accept.includes('as=Table')) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return params.includes('as=Table') && params.includes('g=meta.k8s.io') && (params.includes('v=v1') || params.includes('v=v1beta1'));
  });
}

export function includeObjectOf(query: Record<string, string | undefined>): IncludeObject {
  const v = query.includeObject;
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function mediaType(contentType: string | undefined): string {
  if (!contentType) return JSON_CONTENT_TYPE;
  return contentType.split(';')[0].trim().toLowerCase();
}

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  return PATCH_TYPES[mediaType(contentType)];
}

/** Parse JSON text, turning a syntax error into a 400 naming the problem. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseYamlBody(text: string): unknown {
  try {
    return parseYaml(text, { schema: 'core', uniqueKeys: false });
  } catch (err) {
    throw badRequest(`the request body is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Decode an object body (create/update): JSON (default), YAML or Kubernetes protobuf. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer | undefined): unknown {
  if (!body || body.length === 0) throw badRequest('the request body is empty; an object is required');
  const type = mediaType(contentType);
  if (type === JSON_CONTENT_TYPE || type === '*/*' || type === 'text/plain') return parseJsonBody(body.toString('utf8'));
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') return parseYamlBody(body.toString('utf8'));
  if (type === 'application/vnd.kubernetes.protobuf') {
    const decoded = decodeProtobufObject(body);
    if (!decoded.ok) throw decoded.error;
    return decoded.object;
  }
  throw unsupportedMediaType(type, [JSON_CONTENT_TYPE, 'application/yaml', 'application/vnd.kubernetes.protobuf']);
}

/** Decode a PATCH body: the patch type comes from the Content-Type. */
export function decodePatchBody(contentType: string | undefined, body: Buffer | undefined): { type: PatchType; patch: unknown } {
  const type = patchTypeOf(contentType);
  if (!type) {
    throw unsupportedMediaType(mediaType(contentType), Object.keys(PATCH_TYPES));
  }
  if (!body || body.length === 0) throw badRequest('the request body is empty; a patch is required');
  const text = body.toString('utf8');
  return { type, patch: type === 'apply' ? parseYamlBody(text) : parseJsonBody(text) };
}
