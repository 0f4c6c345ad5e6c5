/** TaintToleration: every NoSchedule/NoExecute taint of the node must be tolerated. */
import type { Filter } from '../types.js';

export interface Taint { key: string; value?: string; effect: string }
export interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }

export function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

export const toleratesTaints: Filter = (pod, node) => {
  const taints: Taint[] = node.node.spec?.taints ?? [];
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const bad = taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
  return bad ? `node(s) had untolerated taint {${bad.key}: ${bad.value ?? ''}}` : undefined;
};
