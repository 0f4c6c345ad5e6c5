import { prefixEnd } from '../keys.js';

export interface KeyRange {
  /** SQL condition on the key column, using the @prefix (and @prefixEnd) parameters. */
  condition: string;
  params: { prefix: string; prefixEnd?: string };
}

/**
 * The keys under a prefix: an index range when we can compute its end, otherwise (empty
 * prefix, exotic last character) a substring test; SQLite's length() and substr() both
 * count characters, so the test is exact for any text.
 *
 * `column` is 'name', or '+name' to keep SQLite from using a name index — watch back-fill
 * wants the primary-key range (id > after) instead: recent history is small, a prefix like
 * '/registry/' is not, and without ANALYZE statistics the planner cannot tell.
 */
export function keyRange(prefix: string, column: 'name' | '+name' = 'name'): KeyRange {
  const end = prefixEnd(prefix);
  if (end === undefined) {
    return { condition: `${column} >= @prefix AND substr(name, 1, length(@prefix)) = @prefix`, params: { prefix } };
  }
  return { condition: `${column} >= @prefix AND ${column} < @prefixEnd`, params: { prefix, prefixEnd: end } };
}
