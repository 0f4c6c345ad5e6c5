/**
 * Pure helpers for runtimes that keep logs themselves (process, hollow): each stored
 * line is `<RFC3339 timestamp> <text>`, the same shape `docker logs --timestamps` prints,
 * so tail/since/timestamps behave alike on every runtime.
 */

export interface StoredLine {
  /** ms since epoch */
  time: number;
  text: string;
}

export function formatStoredLine(time: number, text: string): string {
  return `${new Date(time).toISOString()} ${text}\n`;
}

export function parseStoredLine(line: string): StoredLine {
  const space = line.indexOf(' ');
  const time = space > 0 ? Date.parse(line.slice(0, space)) : NaN;
  if (Number.isNaN(time)) return { time: 0, text: line };
  return { time, text: line.slice(space + 1) };
}

export interface LineSelection {
  tailLines?: number;
  sinceSeconds?: number;
}

/** since filters first, then tail keeps the last N (kubectl: `--since` then `--tail`). */
export function selectLines(lines: StoredLine[], selection: LineSelection, now: number): StoredLine[] {
  let out = lines;
  if (selection.sinceSeconds !== undefined) {
    const from = now - selection.sinceSeconds * 1000;
    out = out.filter((l) => l.time >= from);
  }
  if (selection.tailLines !== undefined) {
    out = selection.tailLines <= 0 ? [] : out.slice(-selection.tailLines);
  }
  return out;
}

export function renderLine(line: StoredLine, timestamps: boolean): string {
  return timestamps ? formatStoredLine(line.time, line.text) : `${line.text}\n`;
}
