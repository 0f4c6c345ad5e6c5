/**
 * Decoding of Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`,
 * magic "k8s\0"), which kubectl 1.32 sends for `kubectl create namespace|configmap|…`
 * (kubernetes-api.md §0 item 5). The body is a runtime.Unknown envelope
 * {1: typeMeta{apiVersion, kind}, 2: raw, 3: contentEncoding, 4: contentType} whose `raw`
 * is the object's own message. DELETE bodies of typed clients arrive the same way, as
 * DeleteOptions (`kubectl drain --disable-eviction`); they decode to a DeleteOptions object
 * without metadata.
 */
import { ApiError, badRequest } from '../errors.js';
import type { KubeObject } from '../types.js';
import { schemaFor } from './kinds.js';
import { decodeMessage } from './schema.js';
import { TypeMeta } from './messages/meta.js';
import { WireError, readFields } from './wire.js';

export { decodableKinds } from './kinds.js';

export type DecodeResult = { ok: true; object: KubeObject } | { ok: false; error: ApiError };

/** "k8s" followed by a zero byte. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_WORKAROUND = 'kubectl create <kind> … --dry-run=client -o yaml | kubectl apply -f -';

interface Envelope { apiVersion: string; kind: string; raw: Buffer; contentEncoding: string; contentType: string }

function readEnvelope(body: Buffer): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '', contentType: '' };
  for (const f of readFields(body.subarray(PROTOBUF_MAGIC.length))) {
    if (f.wire !== 2) continue;
    if (f.field === 1) {
      const tm = decodeMessage(f.value, TypeMeta);
      env.apiVersion = (tm.apiVersion as string | undefined) ?? '';
      env.kind = (tm.kind as string | undefined) ?? '';
    } else if (f.field === 2) env.raw = f.value;
    else if (f.field === 3) env.contentEncoding = f.value.toString('utf8');
    else if (f.field === 4) env.contentType = f.value.toString('utf8');
  }
  return env;
}

function unsupported(what: string): DecodeResult {
  return {
    ok: false,
    error: new ApiError({
      code: 415, reason: 'UnsupportedMediaType',
      message: `protobuf request bodies are not supported for ${what}; send JSON instead, e.g. \`${PROTOBUF_WORKAROUND}\``,
    }),
  };
}

export function decodeProtobufObject(body: Buffer): DecodeResult {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    return { ok: false, error: badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`) };
  }
  try {
    const env = readEnvelope(body);
    if (!env.apiVersion || !env.kind) return { ok: false, error: badRequest('protobuf body has no apiVersion/kind in its envelope') };
    if (env.contentEncoding) return unsupported(`content encoding "${env.contentEncoding}"`);
    const schema = schemaFor(env.apiVersion, env.kind);
    if (!schema) return unsupported(`${env.kind} (${env.apiVersion})`);
    const decoded = decodeMessage(env.raw, schema);
    // DeleteOptions has no metadata; every other kind gets at least an empty one.
    const metadata = env.kind === 'DeleteOptions' ? {} : { metadata: {} };
    const object = { apiVersion: env.apiVersion, kind: env.kind, ...metadata, ...decoded } as KubeObject;
    return { ok: true, object };
  } catch (err) {
    if (err instanceof WireError) return { ok: false, error: badRequest(`the body of the request could not be decoded as protobuf: ${err.message}`) };
    throw err;
  }
}
