/**
 * Decoding of Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`,
 * magic "k8s\0"), which kubectl 1.32 sends for `kubectl create namespace|configmap|…`.
 * CONTRACT (stub until the decoder lands): the signature below is fixed.
 */
import { ApiError } from '../errors.js';
import type { KubeObject } from '../types.js';

export type DecodeResult = { ok: true; object: KubeObject } | { ok: false; error: ApiError };

export function decodeProtobufObject(_body: Buffer): DecodeResult {
  return {
    ok: false,
    error: new ApiError({
      code: 415, reason: 'UnsupportedMediaType',
      message: 'protobuf request bodies are not supported yet; use `kubectl create … --dry-run=client -o yaml | kubectl apply -f -`',
    }),
  };
}
