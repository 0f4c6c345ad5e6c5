/** Every timing of the termination gate (see decide.ts for what it waits for). */
export const TERMINATION_GATE_DEFAULTS = {
  /**
   * EndpointSlices and Leases are re-listed at most this often, shared by every pod waiting
   * on this agent; proxies publish their acknowledgement at the same pace, so a pod normally
   * waits 100–300 ms (endpoints controller + proxy sync + Lease write + one poll).
   */
  pollMs: 100,
  /** Upper bound of the wait; the bound is also at most half the pod's grace period. */
  maxWaitMs: 10_000,
  /** How often a proxy's agent checks whether its applied revision changed (an extra Lease write when it did). */
  publishRevisionEveryMs: 100,
} as const;
