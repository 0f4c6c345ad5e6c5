/**
 * Where the server tells agents how often to renew their Lease (SwarmKit lets the manager
 * choose the heartbeat period; so do we): ConfigMap `kube-node-lease/tugboat-heartbeat`,
 * key `periodMs`. The node-lifecycle controller writes it from its grace (4 beats per
 * grace); agents read it at start and every minute. Pure helpers only.
 */
export const HEARTBEAT_SETTINGS = { namespace: 'kube-node-lease', name: 'tugboat-heartbeat', key: 'periodMs' } as const;

/** Bounds a published period must fall in; anything else is ignored. */
export const HEARTBEAT_PERIOD_BOUNDS_MS = { min: 200, max: 60_000 } as const;

/** Beats per grace period: with a 4 s grace, agents beat every 1 s and 3 may be lost. */
export const BEATS_PER_GRACE = 4;

export function heartbeatPeriodForGrace(graceMs: number): number {
  return Math.min(HEARTBEAT_PERIOD_BOUNDS_MS.max, Math.max(HEARTBEAT_PERIOD_BOUNDS_MS.min, Math.floor(graceMs / BEATS_PER_GRACE)));
}

/** The period in a ConfigMap's data, or undefined when absent or out of bounds. */
export function parseHeartbeatPeriod(data: Record<string, string> | undefined): number | undefined {
  const n = Number(data?.[HEARTBEAT_SETTINGS.key]);
  return Number.isInteger(n) && n >= HEARTBEAT_PERIOD_BOUNDS_MS.min && n <= HEARTBEAT_PERIOD_BOUNDS_MS.max ? n : undefined;
}

/**
 * The controller's grace, published next to the period (key `graceMs`): an agent fences
 * itself (stops changing anything, kills at-most-once pods) once it could not renew its
 * Lease for this long. Absent (an older server): period × BEATS_PER_GRACE.
 */
export const HEARTBEAT_GRACE_KEY = 'graceMs';

/** The grace in a ConfigMap's data, or undefined when absent or not a positive integer (ms). */
export function parseHeartbeatGrace(data: Record<string, string> | undefined): number | undefined {
  const n = Number(data?.[HEARTBEAT_GRACE_KEY]);
  return Number.isInteger(n) && n >= HEARTBEAT_PERIOD_BOUNDS_MS.min ? n : undefined;
}
