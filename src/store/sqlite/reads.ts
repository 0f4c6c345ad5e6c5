import type { KeyValue, ListOptions, StoreEvent } from '../store.js';
import { keyRange } from './key-range.js';
import { logColumns, logColumnsOf, rowToEvent, rowToKeyValue, type LogRow } from './rows.js';
import type { Statements } from './statements.js';

export interface ListPage {
  items: KeyValue[];
  more: boolean;
  remaining: number;
}

/** Read side of the log. Current state = the latest row of each key, unless it is a tombstone. */
export class LogReader {
  constructor(private readonly statements: Statements) {}

  latestRow(key: string): LogRow | undefined {
    return this.statements
      .get(`SELECT ${logColumns} FROM log WHERE name = ? ORDER BY id DESC LIMIT 1`)
      .get(key) as LogRow | undefined;
  }

  /** The live value of `key`, if any. */
  current(key: string): KeyValue | undefined {
    const row = this.latestRow(key);
    return row && !row.deleted ? rowToKeyValue(row) : undefined;
  }

  /** Live keys under `prefix` as of `revision`, in key order, paged by startAfter/limit. */
  list(prefix: string, revision: number, options: ListOptions): ListPage {
    const range = keyRange(prefix);
    // The newest row of each key at or below `revision`, read from the covering index alone.
    // `deleted` is a bare column beside MAX(id): SQLite takes it from the row holding the
    // maximum, so a tombstone there means "absent at this revision". Ordered by name so the
    // page query below needs no sort and stops after `limit` keys.
    const latest = `SELECT name, MAX(id) AS id, deleted FROM log
      WHERE ${range.condition} AND name > @after AND id <= @revision GROUP BY name ORDER BY name`;
    const params = { ...range.params, after: options.startAfter ?? '', revision };
    const limit = options.limit && options.limit > 0 ? options.limit : undefined;
    const rows = this.statements
      .get(`SELECT ${logColumnsOf('l')} FROM (${latest}) latest JOIN log l ON l.id = latest.id
            WHERE latest.deleted = 0 ORDER BY latest.name LIMIT @limit`)
      .all({ ...params, limit: limit === undefined ? -1 : limit + 1 }) as LogRow[];
    const more = limit !== undefined && rows.length > limit;
    const items = (more ? rows.slice(0, limit) : rows).map(rowToKeyValue);
    if (!more) return { items, more, remaining: 0 };
    const { total } = this.statements
      .get(`SELECT COUNT(*) AS total FROM (${latest}) WHERE deleted = 0`)
      .get(params) as { total: number };
    return { items, more, remaining: total - items.length };
  }

  /** Events after `afterRevision` under `prefix`, oldest first (watch back-fill). */
  eventsAfter(afterRevision: number, prefix: string, limit: number): StoreEvent[] {
    const range = keyRange(prefix, '+name');
    const rows = this.statements
      .get(`SELECT ${logColumns} FROM log WHERE id > @after AND ${range.condition} ORDER BY id LIMIT @limit`)
      .all({ ...range.params, after: afterRevision, limit }) as LogRow[];
    return rows.map(rowToEvent);
  }

  /** The last revision handed out, even if compaction has since deleted its row. */
  lastRevision(): number {
    const row = this.statements.get(`SELECT seq FROM sqlite_sequence WHERE name = 'log'`).get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  meta(name: string): number | undefined {
    const row = this.statements.get('SELECT value FROM meta WHERE name = ?').get(name) as { value: number } | undefined;
    return row?.value;
  }
}
