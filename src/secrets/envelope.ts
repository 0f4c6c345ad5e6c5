/**
 * The AES-256-GCM envelope of a Secret value at rest:
 *   tug:enc:aesgcm:v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>
 * The key id is in clear so a read knows which key to use and the startup pass knows
 * which values still need re-encrypting. The store key (the Secret's name) is bound as
 * additional authenticated data, so a value copied under another name fails to decrypt.
 * Pure apart from the random IV.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_PREFIX = 'tug:enc:aesgcm:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  secret: Buffer;
}

export type DecryptResult =
  | { ok: true; plaintext: string; keyId?: string }
  | { ok: false; reason: 'unknown-key' | 'corrupt'; keyId?: string; message: string };

export function isEnvelope(value: string): boolean {
  return value.startsWith(ENVELOPE_PREFIX);
}

/** The key id of an envelope, or undefined for a plaintext value. */
export function envelopeKeyId(value: string): string | undefined {
  if (!isEnvelope(value)) return undefined;
  const end = value.indexOf(':', ENVELOPE_PREFIX.length);
  return end < 0 ? undefined : value.slice(ENVELOPE_PREFIX.length, end);
}

export function encrypt(key: EncryptionKey, storeKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.secret, iv);
  cipher.setAAD(Buffer.from(storeKey, 'utf8'));
  const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${ENVELOPE_PREFIX}${key.id}:${body.toString('base64')}`;
}

/**
 * Plaintext values (written before encryption was enabled) pass through unchanged; the
 * startup pass re-writes them encrypted.
 */
export function decrypt(keys: ReadonlyMap<string, EncryptionKey>, storeKey: string, value: string): DecryptResult {
  if (!isEnvelope(value)) return { ok: true, plaintext: value };
  const keyId = envelopeKeyId(value);
  if (keyId === undefined) return { ok: false, reason: 'corrupt', message: 'malformed encryption envelope' };
  const key = keys.get(keyId);
  if (!key) {
    return { ok: false, reason: 'unknown-key', keyId, message: `encrypted with key "${keyId}", which is not in the encryption key file` };
  }
  const body = Buffer.from(value.slice(ENVELOPE_PREFIX.length + keyId.length + 1), 'base64');
  if (body.length < IV_BYTES + TAG_BYTES) return { ok: false, reason: 'corrupt', keyId, message: 'truncated encryption envelope' };
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.secret, body.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(storeKey, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    return { ok: true, plaintext, keyId };
  } catch {
    return { ok: false, reason: 'corrupt', keyId, message: `cannot decrypt with key "${keyId}": wrong key material or tampered value` };
  }
}
