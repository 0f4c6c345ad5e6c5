/**
 * Leader election hook. Controllers and the scheduler must run in one process at a time;
 * `runWhileLeader` runs them only while this process leads. Today a single server always
 * leads (`alwaysLeader`); the HA work will provide an elector that holds a
 * coordination.k8s.io Lease (`kube-system/tug-controller-manager`) and loses leadership
 * when it cannot renew it.
 */
export interface LeaderElector {
  /** Resolves when this process becomes the leader (or never, if the signal aborts first). */
  acquire(signal: AbortSignal): Promise<boolean>;
  /** Aborted when leadership is lost; the controllers stop then. */
  lost(): AbortSignal;
}

/** The single-server elector: leads at once, never loses. */
export function alwaysLeader(): LeaderElector {
  const never = new AbortController();
  return {
    acquire: async (signal) => !signal.aborted,
    lost: () => never.signal,
  };
}

/**
 * Runs `work` with a signal that aborts when `signal` aborts or leadership is lost.
 * Resolves when the work has stopped.
 */
export async function runWhileLeader(elector: LeaderElector, signal: AbortSignal, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  if (!(await elector.acquire(signal))) return;
  const lost = elector.lost();
  const both = AbortSignal.any([signal, lost]);
  if (both.aborted) return;
  await work(both);
}
