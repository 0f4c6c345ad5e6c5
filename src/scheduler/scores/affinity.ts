/** Preferred node affinity (weights of matching terms) and PreferNoSchedule taints. */
import { matchesTerm } from '../filters/node-affinity.js';
import { tolerates, type Taint } from '../filters/taints.js';
import type { Scorer } from '../types.js';

export const preferredNodeAffinity: Scorer = (pod, node) => {
  const terms: Array<{ weight: number; preference: any }> = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (terms.length === 0) return 0;
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const labels = node.node.metadata.labels ?? {};
  const got = terms.filter((t) => matchesTerm(labels, t.preference)).reduce((s, t) => s + t.weight, 0);
  return total > 0 ? Math.round((got / total) * 100) : 0;
};

export const avoidPreferNoSchedule: Scorer = (pod, node) => {
  const taints: Taint[] = (node.node.spec?.taints ?? []).filter((t: Taint) => t.effect === 'PreferNoSchedule');
  const untolerated = taints.filter((t) => !tolerates(pod.spec?.tolerations ?? [], t)).length;
  return untolerated === 0 ? 100 : Math.max(0, 100 - untolerated * 50);
};
