/**
 * The API client contract. Everything outside the apiserver (controllers, scheduler,
 * agent, CLI) talks to the cluster through an ApiClient: the HTTPS implementation in
 * http-client.ts, or the recording fake in fake.ts for controller tests.
 *
 * Errors from the server are thrown as ApiError (src/api/errors.ts) carrying the
 * Status reason/code, mirroring client-go; use `isNotFound`, `isConflict`, … to branch.
 */
import type { KubeList, KubeObject, WatchEvent } from '../api/types.js';
import type { ResourceInfo } from '../api/resources.js';

/** Which resource a call is about: a row of RESOURCES, or the minimum to build its path. */
export type ResourceType = Pick<ResourceInfo, 'group' | 'version' | 'resource' | 'kind' | 'namespaced'>;

export interface ListOptions {
  namespace?: string; // absent on a namespaced resource = all namespaces
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  /** Aborts the request (added for informers, so stopping never waits on a slow list). */
  signal?: AbortSignal;
}

export interface WatchOptions extends Omit<ListOptions, 'limit' | 'continue'> {
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export type PatchType = 'strategic' | 'merge' | 'json' | 'apply';

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  subresource?: string; // 'status', 'scale', 'binding', 'eviction'
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
}

/** A watch in progress: events until the server ends the stream or the signal aborts. */
export interface WatchStream<T extends KubeObject = KubeObject> extends AsyncIterable<WatchEvent<T>> {
  close(): void;
}

export interface ApiClient {
  get<T extends KubeObject = KubeObject>(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(type: ResourceType, options?: ListOptions): Promise<KubeList<T>>;
  create<T extends KubeObject = KubeObject>(type: ResourceType, object: KubeObject, options?: WriteOptions): Promise<T>;
  /** PUT; object.metadata.resourceVersion, when set, is a precondition (409 Conflict if stale). */
  update<T extends KubeObject = KubeObject>(type: ResourceType, object: KubeObject, options?: WriteOptions): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    type: ResourceType, namespace: string | undefined, name: string,
    patch: { type: PatchType; body: unknown }, options?: WriteOptions,
  ): Promise<T>;
  /** Returns the object as the server left it (with deletionTimestamp) or the final Status. */
  delete(type: ResourceType, namespace: string | undefined, name: string, options?: DeleteOptions): Promise<unknown>;
  watch<T extends KubeObject = KubeObject>(type: ResourceType, options?: WatchOptions): Promise<WatchStream<T>>;
  /** Raw GET of a subresource that is not an object, e.g. pods/log; returns the body stream. */
  stream(path: string, options?: { signal?: AbortSignal; query?: Record<string, string | number | boolean | undefined> }): Promise<NodeJS.ReadableStream>;
}
