/** Every period and size of the agent's volume handling, in one place. */
export const VOLUME_DEFAULTS = {
  /** Content volumes (configMap, secret, downwardAPI, projected) of running pods are refreshed this often: a change shows in ≤ 2 s plus the write. */
  resyncPeriodMs: 2_000,
  /** A pod whose volume could not be set up (missing source, unbound claim) is retried this often. */
  mountRetryMs: 2_000,
  /** emptyDir usage is measured this often (a du-style walk), like the kubelet's eviction manager. */
  usagePeriodMs: 10_000,
  /** Size of the dedicated secrets tmpfs in 'mount' mode (it only holds small files). */
  memoryBaseSizeBytes: 256 * 1024 * 1024,
} as const;
