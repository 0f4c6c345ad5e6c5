/** nodeSelector and required node affinity (nodeSelectorTerms are ORed, expressions ANDed). */
import type { Filter } from '../types.js';

function matchExpression(labels: Record<string, string>, e: { key: string; operator: string; values?: string[] }): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case 'In': return v !== undefined && (e.values ?? []).includes(v);
    case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': return v !== undefined && Number(v) > Number(e.values?.[0]);
    case 'Lt': return v !== undefined && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

export function matchesTerm(labels: Record<string, string>, term: { matchExpressions?: any[] }): boolean {
  return (term.matchExpressions ?? []).every((e) => matchExpression(labels, e));
}

export const matchesNodeSelector: Filter = (pod, node) => {
  const labels: Record<string, string> = node.node.metadata.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) return "node(s) didn't match Pod's node affinity/selector";
  }
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0 && !terms.some((t) => matchesTerm(labels, t))) {
    return "node(s) didn't match Pod's node affinity/selector";
  }
  return undefined;
};
