/**
 * Every timing and threshold of the node lifecycle controller, in one place (style.md
 * habit 11). Tugboat's defaults are much faster than Kubernetes' on purpose: a small
 * cluster should notice a dead host in seconds, not in minutes.
 */

export interface NodeLifecycleOptions {
  /**
   * A node whose Lease has not been renewed for longer than this is unreachable: Ready →
   * Unknown, unreachable taints. Kubernetes: --node-monitor-grace-period 40 s (50 s in 1.32).
   * With the agent renewing every second, 4 s is ~4 missed renewals.
   */
  heartbeatGraceMs: number;
  /**
   * How long a pod without its own toleration for the not-ready/unreachable NoExecute taint
   * stays on the node. Kubernetes' DefaultTolerationSeconds admission plugin gives 300 s.
   */
  defaultEvictionSeconds: number;
  /** Mass-failure guard: more than this fraction of nodes unreachable at once… (Kubernetes: 0.55) */
  unhealthyFraction: number;
  /** …and at least this many, or a 2-node cluster losing one host would be a "mass failure". */
  minUnhealthyNodes: number;
  /**
   * In a mass failure, one more node gets the NoExecute taint (so its pods are evicted) per
   * this interval: 30 s, i.e. Kubernetes' secondary eviction rate of 0.01 node/s × ~3.
   */
  slowEvictionIntervalMs: number;
  /**
   * At-most-once pods (StatefulSet pods, `tugboat.io/at-most-once: "true"`) on an unreachable
   * node are deleted no sooner than last heartbeat + heartbeatGraceMs + this margin: the
   * agent fences (kills them) at the grace by its own clock; the margin (≥ 1 s) covers timer
   * lateness, clock rate skew and the kill. With the default 2 s toleration it adds no delay.
   */
  fenceMarginMs: number;
}

export const NODE_LIFECYCLE_DEFAULTS: Readonly<NodeLifecycleOptions> = Object.freeze({
  heartbeatGraceMs: 4_000,
  defaultEvictionSeconds: 2,
  unhealthyFraction: 0.5,
  minUnhealthyNodes: 3,
  slowEvictionIntervalMs: 30_000,
  fenceMarginMs: 1_000,
});

/** Worker loops syncing nodes; each node is synced by one worker at a time. */
export const NODE_LIFECYCLE_WORKERS = 2;

/** The count of unreachable nodes (for the mass-failure guard) is reused for this long across passes. */
export const CLUSTER_MODE_REUSE_MS = 100;
