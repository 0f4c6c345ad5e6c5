import { decideCreate, decideWrite } from '../decisions.js';
import type { CreateResult, DeleteResult, StoreEvent, UpdateResult } from '../store.js';
import type { LogReader } from './reads.js';
import type { Statements } from './statements.js';

/** What one write did: the caller's result, and the event to publish once it is committed. */
export interface WriteOutcome<R> {
  result: R;
  event?: StoreEvent;
}

interface NewRow {
  name: string;
  created: 0 | 1;
  deleted: 0 | 1;
  create_revision: number;
  prev_revision: number;
  value: string;
  old_value: string | null;
}

/**
 * The three writes as synchronous steps. They must run inside a transaction (the write
 * batcher opens one per batch): each reads the key's latest row, applies the pure CAS
 * rule and appends one row.
 */
export class LogWriter {
  constructor(private readonly statements: Statements, private readonly reader: LogReader) {}

  create(key: string, value: string): WriteOutcome<CreateResult> {
    const latest = this.reader.latestRow(key);
    const decision = decideCreate(this.reader.current(key));
    if (!decision.ok) return { result: decision };
    const revision = this.append({
      name: key, created: 1, deleted: 0, create_revision: 0,
      prev_revision: latest?.id ?? 0, value, old_value: null,
    });
    const kv = { key, value, modRevision: revision, createRevision: revision };
    return { result: { ok: true, kv }, event: { type: 'create', key, value, revision, createRevision: revision } };
  }

  update(key: string, value: string, expectedRevision?: number): WriteOutcome<UpdateResult> {
    const decision = decideWrite(this.reader.current(key), expectedRevision);
    if (!decision.ok) return { result: decision };
    const { current } = decision;
    const revision = this.append({
      name: key, created: 0, deleted: 0, create_revision: current.createRevision,
      prev_revision: current.modRevision, value, old_value: current.value,
    });
    const kv = { key, value, modRevision: revision, createRevision: current.createRevision };
    const event: StoreEvent = {
      type: 'update', key, value, prevValue: current.value, revision, createRevision: current.createRevision,
    };
    return { result: { ok: true, kv }, event };
  }

  delete(key: string, expectedRevision?: number): WriteOutcome<DeleteResult> {
    const decision = decideWrite(this.reader.current(key), expectedRevision);
    if (!decision.ok) return { result: decision };
    const { current } = decision;
    // The tombstone keeps the last value, so a watcher's delete event carries it.
    const revision = this.append({
      name: key, created: 0, deleted: 1, create_revision: current.createRevision,
      prev_revision: current.modRevision, value: current.value, old_value: current.value,
    });
    const event: StoreEvent = {
      type: 'delete', key, value: current.value, prevValue: current.value, revision,
      createRevision: current.createRevision,
    };
    return { result: { ok: true, deleted: current, revision }, event };
  }

  private append(row: NewRow): number {
    const info = this.statements
      .get(`INSERT INTO log (name, created, deleted, create_revision, prev_revision, value, old_value)
            VALUES (@name, @created, @deleted, @create_revision, @prev_revision, @value, @old_value)`)
      .run(row);
    return Number(info.lastInsertRowid);
  }
}
