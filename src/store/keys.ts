/**
 * Key-range helpers shared by the backends. Keys are compared as plain strings; the
 * apiserver's keys are ASCII, where JavaScript's and SQLite's (UTF-8 byte) orders agree.
 */

/**
 * The smallest string greater than every string that starts with `prefix`, or undefined
 * when there is none we can express safely (empty prefix, or a last code unit that is a
 * surrogate or U+FFFF) — callers then filter with `startsWith` instead of a range.
 * '/registry/pods/default/' → '/registry/pods/default0' ('/' + 1 = '0'), so the sibling
 * '/registry/pods/default2/…' falls outside the range.
 */
export function prefixEnd(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdfff) return undefined;
  if (last === 0xffff) return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
