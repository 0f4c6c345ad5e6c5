/**
 * The fake client's in-memory object store: objects by resource/namespace/name, one
 * global resourceVersion counter, an event history for watches that resume from a
 * resourceVersion, and live watch streams. Selector-filtered watches see an object
 * that starts or stops matching as ADDED or DELETED, as the real apiserver sends.
 */
import { EventEmitter } from 'node:events';
import { expired } from '../api/errors.js';
import type { KubeObject, WatchEvent, WatchEventType } from '../api/types.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import type { ResourceType, WatchOptions, WatchStream } from './types.js';

export const typeKey = (type: Pick<ResourceType, 'group' | 'resource'>): string => `${type.group}/${type.resource}`;

interface Change {
  rv: number;
  typeKey: string;
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  object: KubeObject;
  previous?: KubeObject;
}

export class ObjectTracker {
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: Change[] = [];
  private readonly emitter = new EventEmitter();
  private readonly closers = new Set<() => void>();
  private rv = 0;
  private compactedRv = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  currentRv(): number {
    return this.rv;
  }

  nextRv(): string {
    return String(++this.rv);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(this.key(type, namespace, name));
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${typeKey(type)}/${type.namespaced && namespace ? `${namespace}/` : ''}`;
    return [...this.objects.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([, o]) => o);
  }

  /** Stores `object` (its resourceVersion already set) and records the change. */
  put(type: ResourceType, object: KubeObject): void {
    const key = this.key(type, object.metadata.namespace, object.metadata.name!);
    const previous = this.objects.get(key);
    this.objects.set(key, object);
    this.record({ rv: Number(object.metadata.resourceVersion), typeKey: typeKey(type), type: previous ? 'MODIFIED' : 'ADDED', object, previous });
  }

  remove(type: ResourceType, object: KubeObject): void {
    const key = this.key(type, object.metadata.namespace, object.metadata.name!);
    const previous = this.objects.get(key);
    this.objects.delete(key);
    this.record({ rv: Number(object.metadata.resourceVersion), typeKey: typeKey(type), type: 'DELETED', object, previous });
  }

  /** Forgets history: a watch from an older resourceVersion then gets a 410 ERROR event. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch stream, as a server-side timeout would. */
  closeWatches(): void {
    for (const close of [...this.closers]) close();
  }

  watch<T extends KubeObject>(type: ResourceType, options: WatchOptions): WatchStream<T> {
    const labelOk = parseLabelSelector(options.labelSelector);
    const fieldOk = parseFieldSelector(options.fieldSelector);
    const matches = (o: KubeObject | undefined) =>
      !!o && (!type.namespaced || !options.namespace || o.metadata.namespace === options.namespace) && labelOk(o) && fieldOk(o);
    const queue: WatchEvent<T>[] = [];
    let closed = false;
    let wake: (() => void) | undefined;
    const push = (event: WatchEvent) => {
      queue.push(structuredClone(event) as WatchEvent<T>);
      wake?.();
    };
    const onChange = (change: Change) => {
      if (change.typeKey !== typeKey(type)) return;
      const now = matches(change.object);
      const before = change.type !== 'ADDED' && matches(change.previous);
      if (change.type === 'DELETED') {
        if (before || now) push({ type: 'DELETED', object: change.object });
      } else if (now) push({ type: before ? 'MODIFIED' : 'ADDED', object: change.object });
      else if (before) push({ type: 'DELETED', object: change.object });
    };
    const close = () => {
      closed = true;
      this.emitter.off('change', onChange);
      this.closers.delete(close);
      options.signal?.removeEventListener('abort', close);
      wake?.();
    };
    const from = options.resourceVersion;
    if (!from || from === '0') {
      for (const o of this.list(type, options.namespace)) if (matches(o)) push({ type: 'ADDED', object: o });
    } else if (Number(from) < this.compactedRv) {
      push({ type: 'ERROR', object: expired(Number(from), this.compactedRv).toStatus() as unknown as KubeObject });
      closed = true;
    } else {
      for (const change of this.history) if (change.rv > Number(from)) onChange(change);
    }
    if (!closed) {
      this.emitter.on('change', onChange);
      this.closers.add(close);
      if (options.signal?.aborted) close();
      options.signal?.addEventListener('abort', close, { once: true });
    }
    return {
      close,
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (queue.length > 0) yield queue.shift()!;
          else if (closed) return;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
  }

  private record(change: Change): void {
    this.history.push(change);
    this.emitter.emit('change', change);
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${typeKey(type)}/${type.namespaced ? `${namespace ?? ''}/` : ''}${name}`;
  }
}
