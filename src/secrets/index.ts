/**
 * Secret encryption at rest. The server assembly opens it over the raw store and hands
 * the returned `store` to the apiserver; everything else reaches Secrets through the API.
 *
 * Rotation without downtime: `tug secrets rotate-key` puts a new key first in the key
 * file; the server notices (it polls the file), swaps its keyring — old keys still decrypt —
 * and re-encrypts every Secret with the new key, then records the keys still in use in
 * encryption-status.json so `tug secrets prune-keys` can drop the old ones safely.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { EncryptingStore } from './encrypting-store.js';
import { ensureKeyFile, keyFilePath, readKeyFile } from './key-file.js';
import { Keyring } from './keyring.js';
import { reencryptSecrets, type ReencryptSummary } from './reencrypt.js';
import { statusFilePath, writeStatus } from './status-file.js';

export { decrypt, encrypt, envelopeKeyId, ENVELOPE_PREFIX, isEnvelope, type EncryptionKey } from './envelope.js';
export { addPrimaryKey, dropOldKeys, ensureKeyFile, keyFilePath, readKeyFile } from './key-file.js';
export { EncryptingStore, isSecretKey, SECRETS_PREFIX } from './encrypting-store.js';
export { Keyring } from './keyring.js';
export { reencryptSecrets, type ReencryptSummary } from './reencrypt.js';
export { readStatus, statusFilePath, type EncryptionStatus } from './status-file.js';

export interface SecretEncryptionOptions {
  dataDir: string;
  /** The raw store; the returned `store` wraps it. */
  store: Store;
  logger: Logger;
  now?: () => Date;
  /** Key file poll interval (default 1 s); 0 = do not watch (tests call reload()). */
  pollIntervalMs?: number;
}

export interface SecretEncryption {
  store: Store;
  keyring: Keyring;
  /** Re-read the key file; when the keys changed, swap them and re-encrypt. */
  reload(): Promise<ReencryptSummary | undefined>;
  /** Stop watching the key file (does not close the store). */
  stop(): void;
}

/** Throws with a clear message when the key file is unreadable or invalid (the server must not start). */
export async function openSecretEncryption(options: SecretEncryptionOptions): Promise<SecretEncryption> {
  const now = options.now ?? (() => new Date());
  const path = keyFilePath(options.dataDir);
  const loaded = ensureKeyFile(path, now());
  if (!loaded.ok) throw new Error(`Secret encryption: ${loaded.message}`);
  const log = options.logger.child({ subsystem: 'secret-encryption' });
  if (loaded.created) log.info({ path }, 'generated the Secret encryption key file');
  const keyring = new Keyring(loaded.keys);
  const store = new EncryptingStore(options.store, keyring);

  const pass = async (): Promise<ReencryptSummary> => {
    const summary = await reencryptSecrets(options.store, keyring);
    // Counts and store keys only: never values.
    log.info({ primary: keyring.primary.id, scanned: summary.scanned, reencrypted: summary.reencrypted, keysInUse: summary.inUse }, 'Secrets encrypted with the primary key');
    for (const f of summary.failed) log.error({ key: f.key, reason: f.message }, 'a Secret could not be re-encrypted');
    writeStatus(statusFilePath(options.dataDir), {
      primaryKeyId: keyring.primary.id, keysInUse: summary.inUse, secrets: summary.scanned, failed: summary.failed.length, at: now().toISOString(),
    });
    return summary;
  };
  await pass();

  // Reloads queue behind each other, so two passes never interleave.
  let chain: Promise<unknown> = Promise.resolve();
  const reloadNow = async (): Promise<ReencryptSummary | undefined> => {
    const next = readKeyFile(path);
    if (!next.ok) {
      log.error({ reason: next.message }, 'ignoring an invalid Secret encryption key file; keeping the current keys');
      return undefined;
    }
    if (next.keys.map((k) => k.id).join(',') === keyring.ids().join(',')) return undefined;
    keyring.replace(next.keys);
    log.info({ primary: keyring.primary.id, keys: keyring.ids() }, 'Secret encryption keys reloaded');
    return pass();
  };
  const reload = (): Promise<ReencryptSummary | undefined> => {
    const run = chain.then(reloadNow, reloadNow);
    chain = run.catch(() => undefined);
    return run;
  };

  const interval = options.pollIntervalMs ?? 1000;
  const onChange = (): void => {
    reload().catch((err: unknown) => log.error({ err }, 'Secret re-encryption failed'));
  };
  if (interval > 0) watchFile(path, { interval, persistent: false }, onChange);
  return {
    store, keyring, reload,
    stop: () => { if (interval > 0) unwatchFile(path, onChange); },
  };
}

export function secretsDir(dataDir: string): string {
  return dirname(keyFilePath(dataDir));
}
