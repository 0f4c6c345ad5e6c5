/**
 * completionMode Indexed: each pod carries a completion index in [0, completions); the Job
 * is complete when every index has a succeeded pod. status.completedIndexes lists them in
 * Kubernetes' compressed form ("0-2,5"). Pure.
 */
import type { KubeObject } from '../../api/types.js';

export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

export function completionIndexOf(pod: KubeObject): number | undefined {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION] ?? pod.metadata.labels?.[COMPLETION_INDEX_ANNOTATION];
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function parseIndexes(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [from, to] = part.split('-').map(Number);
    for (let i = from; i <= (to ?? from); i++) out.add(i);
  }
  return out;
}

export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i];
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
    parts.push(start === sorted[i] ? `${start}` : `${start}-${sorted[i]}`);
  }
  return parts.join(',');
}

export interface IndexedPlan {
  completed: Set<number>;
  createIndexes: number[];
  /** Active pods whose index is done, out of range, missing, or held by an older pod. */
  remove: KubeObject[];
}

export function planIndexed(opts: { owned: KubeObject[]; active: KubeObject[]; completions: number; parallelism: number; previouslyCompleted?: string }): IndexedPlan {
  const inRange = (i: number | undefined): i is number => i !== undefined && i < opts.completions;
  const completed = new Set([...parseIndexes(opts.previouslyCompleted)].filter(inRange));
  for (const pod of opts.owned) {
    const i = completionIndexOf(pod);
    if (pod.status?.phase === 'Succeeded' && inRange(i)) completed.add(i);
  }
  const running = new Set<number>();
  const remove: KubeObject[] = [];
  for (const pod of opts.active) {
    const i = completionIndexOf(pod);
    if (!inRange(i) || completed.has(i) || running.has(i)) remove.push(pod);
    else running.add(i);
  }
  const allowed = Math.max(0, Math.min(opts.parallelism, opts.completions - completed.size));
  const kept = opts.active.filter((p) => !remove.includes(p)).sort((a, b) => completionIndexOf(a)! - completionIndexOf(b)!);
  for (const pod of kept.slice(allowed)) {
    remove.push(pod);
    running.delete(completionIndexOf(pod)!);
  }
  const room = Math.max(0, allowed - running.size);
  const createIndexes: number[] = [];
  for (let i = 0; i < opts.completions && createIndexes.length < room; i++) {
    if (!completed.has(i) && !running.has(i)) createIndexes.push(i);
  }
  return { completed, createIndexes, remove };
}
