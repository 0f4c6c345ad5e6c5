/**
 * Cell formatting helpers shared by the printers, ported from apimachinery
 * (`labels.FormatLabels`, `metav1.FormatLabelSelector`) and printers.go.
 */
import type { LabelSelector } from '../types.js';

/** labels.FormatLabels: sorted "k=v" pairs joined by ",", or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** labels.Selector.String() for a LabelSelector: requirements sorted by key, "" when empty. */
export function selectorString(selector: LabelSelector | undefined | null): string {
  if (!selector) return '';
  const reqs: Array<{ key: string; text: string }> = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, text: `${key}=${value}` });
  for (const expr of selector.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort().join(',');
    const text = expr.operator === 'In' ? `${expr.key} in (${values})`
      : expr.operator === 'NotIn' ? `${expr.key} notin (${values})`
        : expr.operator === 'Exists' ? expr.key
          : `!${expr.key}`;
    reqs.push({ key: expr.key, text });
  }
  // Go's sort of requirements is by key only and stable for our purposes.
  return reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: like selectorString but "<none>" when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  return selectorString(selector) || '<none>';
}

/** layoutContainerCells: container names and images, comma separated. */
export function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: at most `max` items, then " + N more...", "<unset>" when empty. */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** helper.GetAccessModesAsString: fixed order RWO, ROX, RWX, RWOP. */
export function accessModes(modes: string[] | undefined): string {
  const have = new Set(modes ?? []);
  const order: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP'],
  ];
  return order.filter(([m]) => have.has(m)).map(([, short]) => short).join(',');
}

/** Present-or-zero number, for int32 status counters that JSON omits when 0. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
