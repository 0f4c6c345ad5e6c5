/** ConfigMap and Secret validation: key syntax, base64, size, immutability. */
import { isDeepStrictEqual } from 'node:util';
import type { ConfigMap } from '../../schema/configmap.js';
import type { Secret } from '../../schema/secret.js';
import { type FieldCause, duplicate, forbidden, immutable, invalidValue, required, tooLong } from '../field-errors.js';
import { configKey } from './names.js';

/** 1 MiB: etcd's practical object limit, enforced upstream as MaxSecretSize/ConfigMap size. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateKeys(map: Record<string, string> | undefined, field: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const key of Object.keys(map ?? {})) for (const m of configKey(key)) causes.push(invalidValue(`${field}[${key}]`, key, m));
  return causes;
}

export function validateConfigMap(cm: ConfigMap): FieldCause[] {
  const causes = [...validateKeys(cm.data, 'data'), ...validateKeys(cm.binaryData, 'binaryData')];
  let size = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) size += k.length + Buffer.byteLength(v);
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) {
    if (cm.data && k in cm.data) causes.push(duplicate(`binaryData[${k}]`, k));
    if (!BASE64.test(v)) causes.push(invalidValue(`binaryData[${k}]`, '<binary>', 'illegal base64 data'));
    size += k.length + Buffer.from(v, 'base64').length;
  }
  if (size > MAX_CONFIG_BYTES) causes.push(tooLong('', MAX_CONFIG_BYTES));
  return causes;
}

const REQUIRED_SECRET_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
};

export function validateSecret(secret: Secret): FieldCause[] {
  const causes = validateKeys(secret.data, 'data');
  let size = 0;
  for (const [k, v] of Object.entries(secret.data ?? {})) {
    // Never echo secret material back in an error message.
    if (!BASE64.test(v)) causes.push(invalidValue(`data[${k}]`, '<secret contents redacted>', 'illegal base64 data'));
    size += Buffer.from(v, 'base64').length;
  }
  if (size > MAX_CONFIG_BYTES) causes.push(tooLong('data', MAX_CONFIG_BYTES));
  for (const key of REQUIRED_SECRET_KEYS[secret.type ?? ''] ?? []) {
    if (!secret.data?.[key]) causes.push(required(`data[${key}]`));
  }
  if (secret.type === 'kubernetes.io/service-account-token' && !secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    causes.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  return causes;
}

function immutableData(next: { immutable?: boolean; data?: object }, prev: { immutable?: boolean; data?: object }, extra: string[]): FieldCause[] {
  if (!prev.immutable) return [];
  const causes: FieldCause[] = [];
  if (!next.immutable) causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (!isDeepStrictEqual(next.data ?? {}, prev.data ?? {})) causes.push(forbidden('data', 'field is immutable when `immutable` is set'));
  for (const key of extra) {
    const a = (next as Record<string, unknown>)[key];
    const b = (prev as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(a ?? {}, b ?? {})) causes.push(forbidden(key, 'field is immutable when `immutable` is set'));
  }
  return causes;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldCause[] {
  return immutableData(cm, old, ['binaryData']);
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldCause[] {
  const causes = immutableData(secret, old, []);
  if ((secret.type ?? 'Opaque') !== (old.type ?? 'Opaque')) causes.push(immutable('type', secret.type ?? ''));
  return causes;
}
