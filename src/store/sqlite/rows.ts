import type { KeyValue, StoreEvent } from '../store.js';

/** One row of the log table, as better-sqlite3 returns it. */
export interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  /** 0 on a create row: the row's own id is its create revision. */
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

const columnNames = ['id', 'name', 'created', 'deleted', 'create_revision', 'prev_revision', 'value', 'old_value'];
export const logColumns = columnNames.join(', ');
/** The columns qualified with a table alias, for joins. */
export const logColumnsOf = (alias: string): string => columnNames.map((column) => `${alias}.${column}`).join(', ');

export function rowToKeyValue(row: LogRow): KeyValue {
  return { key: row.name, value: row.value, modRevision: row.id, createRevision: createRevisionOf(row) };
}

export function rowToEvent(row: LogRow): StoreEvent {
  const type = row.created ? 'create' : row.deleted ? 'delete' : 'update';
  const event: StoreEvent = {
    type, key: row.name, value: row.value, revision: row.id, createRevision: createRevisionOf(row),
  };
  if (row.old_value !== null) event.prevValue = row.old_value;
  return event;
}

function createRevisionOf(row: LogRow): number {
  return row.created ? row.id : row.create_revision;
}
