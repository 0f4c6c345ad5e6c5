/**
 * RollingUpdate for DaemonSets without surge (Kubernetes' rollingUpdate with maxSurge 0):
 * old pods that are not available are replaced at once; available old pods are deleted only
 * while fewer than maxUnavailable nodes are unavailable. The deleted pod's node gets a new
 * pod from the create path on the next pass. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { isAvailable } from '../common/pods.js';

export const DEFAULT_MAX_UNAVAILABLE = 1;

/** An int or a percentage of `total`, rounded up (as Kubernetes does for DaemonSets); never below 1. */
export function resolveMaxUnavailable(value: number | string | undefined, total: number): number {
  if (value === undefined) return DEFAULT_MAX_UNAVAILABLE;
  const n = typeof value === 'string' && value.endsWith('%') ? Math.ceil((Number(value.slice(0, -1)) * total) / 100) : Number(value);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

export interface NodePods {
  node: string;
  /** Active daemon pods on the node (not finished, not terminating). */
  running: KubeObject[];
  shouldRun: boolean;
}

export function oldPodsToDelete(nodes: NodePods[], opts: { hash: string; hashLabel: string; maxUnavailable: number; minReadySeconds: number; nowMs: number }): KubeObject[] {
  const isNew = (p: KubeObject) => p.metadata.labels?.[opts.hashLabel] === opts.hash;
  let unavailable = 0;
  const replaceNow: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const { running, shouldRun } of nodes) {
    const fresh = running.find(isNew);
    const old = running.find((p) => !isNew(p));
    if ((!fresh && !old && shouldRun) || (fresh && old)) unavailable++;
    else if (fresh) {
      if (!isAvailable(fresh, opts.minReadySeconds, opts.nowMs)) unavailable++;
    } else if (old) {
      if (!isAvailable(old, opts.minReadySeconds, opts.nowMs)) {
        replaceNow.push(old);
        unavailable++;
      } else candidates.push(old);
    }
  }
  const budget = Math.max(0, Math.min(opts.maxUnavailable - unavailable, candidates.length));
  return [...replaceNow, ...candidates.slice(0, budget)];
}
