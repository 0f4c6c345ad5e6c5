/**
 * Re-write every Secret not sealed with the primary key (plaintext ones from before
 * encryption, or ones under an older key), with compare-and-swap on the raw store so a
 * concurrent API write is never overwritten. Runs at start and after each key rotation.
 */
import type { KeyValue, Store } from '../store/store.js';
import { SECRETS_PREFIX } from './encrypting-store.js';
import { decrypt, encrypt, envelopeKeyId } from './envelope.js';
import type { Keyring } from './keyring.js';

const PAGE = 500;
const MAX_ATTEMPTS = 100;

export interface ReencryptSummary {
  scanned: number;
  reencrypted: number;
  /** Secrets that could not be decrypted with any key (they keep their value). */
  failed: Array<{ key: string; message: string }>;
  /** Key ids (or 'plaintext') still found in the store after the pass. */
  inUse: string[];
}

/** 'ok' when nothing to do or re-written; otherwise why not. */
async function reencryptOne(raw: Store, keyring: Keyring, first: KeyValue): Promise<'unchanged' | 'rewritten' | 'gone' | { message: string; keyId: string }> {
  let kv: KeyValue | undefined = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && kv; attempt++) {
    const primary = keyring.primary;
    if (envelopeKeyId(kv.value) === primary.id) return 'unchanged';
    const plain = decrypt(keyring.byId, kv.key, kv.value);
    if (!plain.ok) return { message: plain.message, keyId: envelopeKeyId(kv.value) ?? 'corrupt' };
    const res = await raw.update(kv.key, encrypt(primary, kv.key, plain.plaintext), kv.modRevision);
    if (res.ok) return 'rewritten';
    if (res.reason === 'not-found') return 'gone';
    kv = res.current;
  }
  return kv ? { message: 'kept changing during re-encryption', keyId: envelopeKeyId(kv.value) ?? 'plaintext' } : 'gone';
}

export async function reencryptSecrets(raw: Store, keyring: Keyring): Promise<ReencryptSummary> {
  const summary: ReencryptSummary = { scanned: 0, reencrypted: 0, failed: [], inUse: [] };
  const inUse = new Set<string>();
  let startAfter: string | undefined;
  for (;;) {
    const page = await raw.list(SECRETS_PREFIX, { limit: PAGE, startAfter });
    if (!page.ok) throw new Error(`listing Secrets failed: compacted at ${page.compactRevision}`);
    for (const kv of page.items) {
      startAfter = kv.key;
      summary.scanned++;
      const out = await reencryptOne(raw, keyring, kv);
      if (out === 'rewritten') summary.reencrypted++;
      if (out === 'rewritten' || out === 'unchanged') inUse.add(keyring.primary.id);
      if (typeof out === 'object') {
        summary.failed.push({ key: kv.key, message: out.message });
        inUse.add(out.keyId);
      }
    }
    if (!page.more || page.items.length === 0) break;
  }
  summary.inUse = [...inUse].sort();
  return summary;
}
