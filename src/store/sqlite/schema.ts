import Database from 'better-sqlite3';
import { storeDefaults } from '../defaults.js';

export type Db = Database.Database;

/**
 * kine's layout: one append-only log whose AUTOINCREMENT id is the global revision
 * (AUTOINCREMENT, not plain rowid, so a revision is never reused even after compaction
 * deletes the newest row). A row is a create, an update or a delete tombstone of `name`;
 * `prev_revision` points at the row it supersedes, and UNIQUE(name, prev_revision) makes
 * two writers racing from the same predecessor impossible at the SQL level too.
 */
const schemaSql = `
CREATE TABLE IF NOT EXISTS log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL,
  old_value TEXT,
  UNIQUE (name, prev_revision)
);
-- Latest row per key: get walks (name, id) backwards within one name; list reads
-- MAX(id) and its row's deleted flag per name straight from this covering index.
-- (Compaction needs no index of its own: it selects successors by id range, the primary key.)
CREATE INDEX IF NOT EXISTS log_name_id_deleted ON log (name, id, deleted);
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;

/**
 * Opens (creating if needed) the database file with the pragmas our durability promise
 * rests on. WAL with synchronous=NORMAL would already survive kill -9 (a commit is in the
 * OS page cache once write() returns) but can lose the last commits on power loss or a
 * kernel crash, because the WAL is only fsynced at checkpoints. synchronous=FULL fsyncs the
 * WAL on every commit, so an acknowledged write survives both. Group commit (see
 * write-batcher.ts) pays that fsync once per batch instead of once per write.
 */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${storeDefaults.sqliteBusyTimeoutMs}`);
  db.exec(schemaSql);
  return db;
}

export const metaKeys = { compactRevision: 'compact_revision' } as const;
