/**
 * DATA_DIR/secrets/encryption-status.json, written by the server after each re-encryption
 * pass: which key is primary and which keys Secrets still use. `tug secrets prune-keys`
 * reads it to know when old keys are safe to drop. Holds no key material.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EncryptionStatus {
  primaryKeyId: string;
  /** Key ids (or 'plaintext') found on Secrets after the last pass. */
  keysInUse: string[];
  secrets: number;
  failed: number;
  at: string;
}

export function statusFilePath(dataDir: string): string {
  return join(dataDir, 'secrets', 'encryption-status.json');
}

export function writeStatus(path: string, status: EncryptionStatus): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function readStatus(path: string): EncryptionStatus | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EncryptionStatus;
  } catch {
    return undefined;
  }
}
