import type Database from 'better-sqlite3';
import type { Db } from './schema.js';

/**
 * Prepared statements, prepared once per SQL text and reused: preparing costs about as
 * much as running a simple statement, so caching roughly halves the cost of a read.
 */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
