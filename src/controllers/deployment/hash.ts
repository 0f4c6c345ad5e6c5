/**
 * pod-template-hash: a short, stable name for a pod template, used in ReplicaSet names and
 * labels. FNV-1a over canonical JSON (keys sorted), encoded with Kubernetes' "safe"
 * alphabet (no vowels, so no words) — the same shape as `web-7d4b9c8f5`.
 */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The template without the hash label itself, so an RS's template hashes like its Deployment's. */
export function withoutHashLabel<T extends { metadata?: any }>(template: T): T {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

export function templateHash(template: unknown, collisionCount = 0): string {
  let n = fnv1a32(canonical(withoutHashLabel((template ?? {}) as { metadata?: unknown })) + (collisionCount ? `#${collisionCount}` : ''));
  let out = '';
  do {
    out += SAFE_ALPHABET[n % SAFE_ALPHABET.length];
    n = Math.floor(n / SAFE_ALPHABET.length);
  } while (n > 0);
  return out;
}

export function templatesEqual(a: unknown, b: unknown): boolean {
  return canonical(withoutHashLabel((a ?? {}) as { metadata?: unknown })) === canonical(withoutHashLabel((b ?? {}) as { metadata?: unknown }));
}
