/**
 * The store's public face. Only src/apiserver and the server assembly import it; every
 * other component reaches data through the API.
 */
export type {
  CreateResult, DeleteResult, KeyValue, ListOptions, ListResult, Store, StoreEvent, StoreEventType,
  UpdateResult, WatchHandlers, WatchOptions, WatchResult,
} from './store.js';
export { storeDefaults } from './defaults.js';
export { openMemoryStore, type MemoryStoreOptions } from './memory/memory-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { compactOnce, startCompactor, type CompactorOptions } from './compactor.js';
export { WatchHub, type WatchHubOptions } from './watch/hub.js';
export type { EventHistory } from './watch/history.js';
