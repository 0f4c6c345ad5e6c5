/**
 * Shares one informer per (resource, namespace, selectors) between controllers, like
 * client-go's SharedInformerFactory: each controller asks informerFor(type), adds its
 * handlers and indexers, then the process calls start(signal) once and waitForSync().
 */
import type { KubeObject } from '../api/types.js';
import { createInformer, type Informer, type InformerOptions } from './informer.js';
import type { ApiClient, ResourceType } from './types.js';

export type InformerSelection = Pick<InformerOptions, 'namespace' | 'labelSelector' | 'fieldSelector'>;

export interface InformerFactory {
  informerFor<T extends KubeObject = KubeObject>(type: ResourceType, selection?: InformerSelection): Informer<T>;
  /** Runs every informer not yet running; informers asked for later start on the next call. */
  start(signal: AbortSignal): void;
  /** True when every informer has synced; false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean>;
}

/** `defaults` apply to every informer (clock, resync, back-off, onError, a default namespace). */
export function createInformerFactory(client: ApiClient, defaults: Omit<InformerOptions, 'indexers'> = {}): InformerFactory {
  const informers = new Map<string, Informer<any>>();
  const running = new Set<Informer<any>>();
  const report = defaults.onError ?? (() => {});
  return {
    informerFor<T extends KubeObject>(type: ResourceType, selection: InformerSelection = {}): Informer<T> {
      const namespace = selection.namespace ?? defaults.namespace;
      const key = [type.group, type.version, type.resource, namespace ?? '', selection.labelSelector ?? '', selection.fieldSelector ?? ''].join('|');
      let informer = informers.get(key);
      if (!informer) {
        informer = createInformer<T>(client, type, { ...defaults, ...selection, namespace });
        informers.set(key, informer);
      }
      return informer as Informer<T>;
    },
    start(signal) {
      for (const informer of informers.values()) {
        if (running.has(informer)) continue;
        running.add(informer);
        informer.run(signal).catch(report);
      }
    },
    async waitForSync(signal) {
      const results = await Promise.all([...informers.values()].map((i) => i.waitForSync(signal)));
      return results.every(Boolean);
    },
  };
}
