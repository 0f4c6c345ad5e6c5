/**
 * Every timeout, period and threshold of the node agent, in one place (style.md habit 11).
 * Milliseconds unless the name says otherwise.
 */

export const AGENT_DEFAULTS = {
  /**
   * Lease renewal period until the server's own choice is read (the node-lifecycle controller
   * publishes grace / 4 in kube-node-lease/tugboat-heartbeat: 4 s grace → 1 s beats, so
   * 3 lost beats are tolerated).
   */
  heartbeatPeriodMs: 1_000,
  /** How often the agent re-reads the period the server publishes (kube-node-lease/tugboat-heartbeat). */
  heartbeatSettingsRefreshMs: 60_000,
  /** Up to ±10 % random jitter on every heartbeat, so 1,000 agents do not renew in lock-step. */
  heartbeatJitterFraction: 0.1,
  /** Lease duration written to the Lease: the 4 s grace plus 2 s eviction, so at-most-once waits are short. */
  leaseDurationSeconds: 6,
  /** How often the agent relists runtime containers to notice exits (the runtime has no event stream; kubelet's PLEG relists every 1 s). */
  relistPeriodMs: 1_000,
  /** Every pod is re-synced at least this often even when nothing was observed to change. */
  podResyncPeriodMs: 10_000,
  /** How often containers whose pod is gone or bound elsewhere are swept. */
  orphanSweepPeriodMs: 30_000,
  /** Grace given to an orphaned container (its pod is gone, so its own grace is unknown). */
  orphanStopGraceSeconds: 10,
  /**
   * Pod workers running at once; each pod is still synced by one worker at a time. A sync
   * that starts a container holds its worker for the whole `docker start` (0.3–2 s), so a
   * burst of N pods needs about N workers to start them side by side (kubelet has no such cap).
   */
  podWorkers: 32,
  /** Default pods capacity, as the kubelet's --max-pods. */
  maxPods: 110,
  kubeletVersion: 'v1.32.0-tugboat',
} as const;

export const RESTART_DEFAULTS = {
  /** CrashLoopBackOff: first restart immediate, then 10 s, 20 s, 40 s … capped at 300 s (kubelet values). */
  initialBackoffMs: 10_000,
  maxBackoffMs: 300_000,
  /** A container that ran this long before exiting restarts with a fresh back-off: 2 × max back-off = 10 min. */
  backoffResetAfterMs: 600_000,
  /** Image pulls retry with the same doubling: 10 s … 300 s. */
  imagePullInitialBackoffMs: 10_000,
  imagePullMaxBackoffMs: 300_000,
  /** A failed pull shows ErrImagePull for this long before the status says ImagePullBackOff. */
  errImagePullDisplayMs: 2_000,
  /** Failed container creation (CreateContainerError) retries after this long. */
  createRetryMs: 10_000,
  /** Pod spec terminationGracePeriodSeconds when unset. */
  terminationGracePeriodSeconds: 30,
  /** Crashed container logs kept in lastState.terminated.message: last 80 lines, at most 4 KiB. */
  terminationLogTailLines: 80,
  terminationLogMaxBytes: 4_096,
} as const;

/**
 * Per-pod cap on the CrashLoopBackOff delay, in seconds, e.g. `"30"` for fast-restarting
 * dev workloads. It can only lower the cap (300 s), never raise it.
 */
export const MAX_RESTART_BACKOFF_ANNOTATION = 'tugboat.io/max-restart-backoff-seconds';

export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
  /**
   * Readiness early retry (a Tugboat addition to kubelet's rule, to make pods Ready sooner):
   * until a container's readiness probe first succeeds, a failed run is retried after
   * 50 ms, then 63 ms, 78 ms, 98 ms … (×1.25 each time), never later than periodSeconds. Only
   * failures at least one period after the last counted failure count toward
   * failureThreshold, so a probe turns failed no sooner than kubelet's would. After the
   * first success the probe runs every periodSeconds as usual. Liveness and startup probes
   * keep the plain period.
   */
  earlyRetryInitialMs: 50,
  earlyRetryFactor: 1.25,
  /** Bytes of an HTTP probe's body kept for the failure message. */
  httpBodyExcerptBytes: 1_024,
} as const;

/** Host readings that turn node pressure conditions True. */
export const NODE_PRESSURE_DEFAULTS = {
  /** MemoryPressure when free memory drops below 100 MiB (kubelet's memory.available<100Mi eviction signal). */
  minFreeMemoryBytes: 100 * 1024 * 1024,
  /** DiskPressure when the data dir's filesystem has less than 10 % free (kubelet's nodefs.available<10%). */
  minFreeDiskFraction: 0.1,
  /** PIDPressure when fewer than 5 % of pid_max remain free. */
  minFreePidFraction: 0.05,
} as const;
