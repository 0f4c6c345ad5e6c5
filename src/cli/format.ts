/** Output formatting for `tug get`: aligned columns, kubectl-style ages, yaml/json. */
import { stringify } from 'yaml';
import type { KubeObject } from '../api/types.js';

export type OutputFormat = 'table' | 'yaml' | 'json' | 'name';

export function parseOutputFormat(value: string | undefined): OutputFormat | undefined {
  if (value === undefined || value === 'wide') return 'table';
  return value === 'yaml' || value === 'json' || value === 'name' ? value : undefined;
}

/** 45s, 3m, 5h, 2d — the coarse ages kubectl prints. */
export function formatAge(created: string | undefined, now: Date): string {
  if (!created) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(created)) / 1000));
  if (Number.isNaN(seconds)) return '<unknown>';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** Columns padded to the widest cell plus three spaces, as kubectl's tabwriter does. */
export function formatColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join('')).join('\n') + '\n';
}

export function objectTable(objects: readonly KubeObject[], options: { now: Date; withNamespace: boolean }): string {
  const header = options.withNamespace ? ['NAMESPACE', 'NAME', 'AGE'] : ['NAME', 'AGE'];
  const rows = objects.map((o) => [
    ...(options.withNamespace ? [o.metadata?.namespace ?? ''] : []),
    o.metadata?.name ?? '', formatAge(o.metadata?.creationTimestamp, options.now),
  ]);
  return formatColumns([header, ...rows]);
}

export function formatObjects(
  value: KubeObject | { kind: string; apiVersion: string; items: KubeObject[] },
  format: Exclude<OutputFormat, 'table' | 'name'>,
): string {
  return format === 'json' ? `${JSON.stringify(value, null, 4)}\n` : stringify(value);
}
