/**
 * A Store decorator that encrypts Secret values on the way in and decrypts them on the
 * way out (upstream's storage value transformer, for the secrets resource only). The
 * registry, watch and compaction above and below it are unchanged; store keys stay
 * plaintext (they are the Secret's namespace/name, not its content).
 */
import { internalError } from '../api/errors.js';
import type {
  CreateResult, DeleteResult, KeyValue, ListOptions, ListResult, Store, StoreEvent,
  UpdateResult, WatchHandlers, WatchOptions, WatchResult,
} from '../store/store.js';
import { decrypt, encrypt } from './envelope.js';
import type { Keyring } from './keyring.js';

/** Where the apiserver keeps core/v1 Secrets (src/apiserver/registry/keys.ts). */
export const SECRETS_PREFIX = '/registry/core/secrets/';

export function isSecretKey(key: string): boolean {
  return key.startsWith(SECRETS_PREFIX);
}

/** A list or watch over `prefix` may return Secrets. */
function mayHoldSecrets(prefix: string): boolean {
  return prefix.startsWith(SECRETS_PREFIX) || SECRETS_PREFIX.startsWith(prefix);
}

export class EncryptingStore implements Store {
  private readonly openedEvents = new WeakMap<StoreEvent, StoreEvent>();

  constructor(private readonly inner: Store, private readonly keyring: Keyring) {}

  get backend(): Store['backend'] {
    return this.inner.backend;
  }

  /** Plaintext of a stored value; an undecryptable Secret is a 500 naming the Secret, never its content. */
  reveal(key: string, value: string): string {
    if (!isSecretKey(key)) return value;
    const out = decrypt(this.keyring.byId, key, value);
    if (out.ok) return out.plaintext;
    throw internalError(`Secret ${key.slice(SECRETS_PREFIX.length)} cannot be decrypted: ${out.message}`);
  }

  private seal(key: string, value: string): string {
    return isSecretKey(key) ? encrypt(this.keyring.primary, key, value) : value;
  }

  private open(kv: KeyValue): KeyValue {
    return isSecretKey(kv.key) ? { ...kv, value: this.reveal(kv.key, kv.value) } : kv;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    const kv = await this.inner.get(key);
    return kv && this.open(kv);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    const res = await this.inner.list(prefix, options);
    if (!res.ok || !mayHoldSecrets(prefix)) return res;
    return { ...res, items: res.items.map((kv) => this.open(kv)) };
  }

  async create(key: string, value: string): Promise<CreateResult> {
    const res = await this.inner.create(key, this.seal(key, value));
    if (res.ok) return { ok: true, kv: { ...res.kv, value } };
    return { ...res, current: this.open(res.current) };
  }

  async update(key: string, value: string, expectedRevision?: number): Promise<UpdateResult> {
    const res = await this.inner.update(key, this.seal(key, value), expectedRevision);
    if (res.ok) return { ok: true, kv: { ...res.kv, value } };
    if (res.reason === 'conflict') return { ...res, current: this.open(res.current) };
    return res;
  }

  async delete(key: string, expectedRevision?: number): Promise<DeleteResult> {
    const res = await this.inner.delete(key, expectedRevision);
    if (res.ok) return { ...res, deleted: this.open(res.deleted) };
    if (res.reason === 'conflict') return { ...res, current: this.open(res.current) };
    return res;
  }

  watch(options: WatchOptions, handlers: WatchHandlers): Promise<WatchResult> {
    if (!mayHoldSecrets(options.prefix)) return this.inner.watch(options, handlers);
    return this.inner.watch(options, {
      onEvent: (event: StoreEvent) => {
        if (!isSecretKey(event.key)) return handlers.onEvent(event);
        // Every watcher gets the same opened event, so the apiserver's per-event memo still holds.
        let opened = this.openedEvents.get(event);
        if (!opened) {
          opened = {
            ...event,
            value: this.reveal(event.key, event.value),
            ...(event.prevValue === undefined ? {} : { prevValue: this.reveal(event.key, event.prevValue) }),
          };
          this.openedEvents.set(event, opened);
        }
        return handlers.onEvent(opened);
      },
      onClose: (reason) => handlers.onClose(reason),
    });
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  compactedRevision(): Promise<number> {
    return this.inner.compactedRevision();
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
