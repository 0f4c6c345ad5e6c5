/** The keys in use, swappable at run time (key rotation without a restart). */
import type { EncryptionKey } from './envelope.js';

export class Keyring {
  private keys: EncryptionKey[] = [];
  private index = new Map<string, EncryptionKey>();

  constructor(keys: readonly EncryptionKey[]) {
    this.replace(keys);
  }

  /** First key encrypts; every key decrypts. */
  replace(keys: readonly EncryptionKey[]): void {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    this.keys = [...keys];
    this.index = new Map(keys.map((k) => [k.id, k]));
  }

  get primary(): EncryptionKey {
    return this.keys[0];
  }

  get byId(): ReadonlyMap<string, EncryptionKey> {
    return this.index;
  }

  ids(): string[] {
    return this.keys.map((k) => k.id);
  }
}
