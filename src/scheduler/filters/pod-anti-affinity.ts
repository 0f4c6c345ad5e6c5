/**
 * Required pod anti-affinity by topology key (hostname and zone): no pod matching the
 * term's labelSelector may already run in the same topology domain.
 */
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import type { Filter, NodeInfo } from '../types.js';

function domainOf(node: NodeInfo, key: string): string | undefined {
  return node.node.metadata.labels?.[key] ?? (key === 'kubernetes.io/hostname' ? node.name : undefined);
}

export const podAntiAffinity: Filter = (pod, node, all) => {
  const terms: any[] = pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of terms) {
    const key: string = term.topologyKey ?? 'kubernetes.io/hostname';
    const domain = domainOf(node, key);
    if (domain === undefined) continue;
    const matches = labelSelectorMatcher(term.labelSelector);
    const namespaces: string[] = term.namespaces?.length ? term.namespaces : [pod.metadata.namespace ?? 'default'];
    const clash = all.some((n) => domainOf(n, key) === domain &&
      n.pods.some((p) => namespaces.includes(p.metadata.namespace ?? '') && matches(p.metadata.labels)));
    if (clash) return "node(s) didn't match pod anti-affinity rules";
  }
  return undefined;
};
