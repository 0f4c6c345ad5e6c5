/**
 * Pure: may a deleting pod's containers get preStop/SIGTERM yet? (issue 6, item 4)
 *
 * A pod leaving a Service must first be out of every proxy, or requests routed to it in
 * the meantime hit a stopping process. So the agent waits until
 *  (a) every EndpointSlice that listed the pod shows it not ready (terminating) or no longer
 *      lists it; R = the highest resourceVersion among those slices at that moment, and
 *  (b) every live proxy (a Ready node whose Lease carries the proxy revision annotation and
 *      was renewed within its duration) has applied a revision ≥ R.
 * The wait is bounded (min(10 s, half the grace period)); a pod no slice lists skips it.
 * resourceVersions are one cluster-wide counter, so "applied ≥ R" means "applied R".
 */

/** What the gate needs of one EndpointSlice. */
export interface SliceFacts {
  name: string;
  resourceVersion: number;
  /** Endpoints of this pod in the slice (usually 0 or 1). */
  endpoints: Array<{ ready: boolean }>;
}

/** One node that may run a proxy. */
export interface ProxyFacts {
  node: string;
  nodeReady: boolean;
  /** The Lease's renewTime + leaseDurationSeconds, ms; a lapsed Lease means the agent is gone. */
  leaseValidUntilMs: number;
  /** The annotation's value; undefined = that node runs no proxy. */
  revision?: number;
}

/** Remembered between checks of one pod (the shell keeps it per pod uid). */
export interface GateMemory {
  startedAtMs: number;
  /** Slices seen listing the pod: one that drops it later still counts toward R. */
  slices: string[];
  /** R, frozen once (a) held: later unrelated slice writes must not move the goal. */
  revision?: number;
  /** When (a) was first seen to hold: splits the wait into endpoints controller vs proxies. */
  revisionAtMs?: number;
}

export interface GateInput {
  memory: GateMemory | undefined;
  /** Slices of the pod's namespace, reduced to this pod's endpoints (all slices, not only listing ones). */
  slices: SliceFacts[];
  proxies: ProxyFacts[];
  /** The pod's grace period (deletionGracePeriodSeconds, else terminationGracePeriodSeconds). */
  graceSeconds: number;
  nowMs: number;
  maxWaitMs: number;
}

export type GateDecision =
  | { verdict: 'wait'; memory: GateMemory; why: 'EndpointStillReady' | 'ProxiesBehind'; pending: string[] }
  | {
    verdict: 'proceed';
    reason: 'NotBehindService' | 'NoGraceLeft' | 'Acknowledged' | 'TimedOut';
    waitedMs: number;
    /** Proxies that acknowledged (Acknowledged) or all live proxies (TimedOut). */
    proxies: number;
    revision?: number;
    /** Why a timeout happened: slices still showing the pod ready, or nodes behind. */
    pending: string[];
    /** How much of the wait went by before the slices showed the pod out. */
    endpointsMs?: number;
  };

/** The wait bound: min(maxWaitMs, half the grace period) — the app keeps at least half for its own shutdown. */
export function gateBoundMs(graceSeconds: number, maxWaitMs: number): number {
  return Math.max(0, Math.min(maxWaitMs, (graceSeconds * 1000) / 2));
}

export function decideTermination(input: GateInput): GateDecision {
  const startedAtMs = input.memory?.startedAtMs ?? input.nowMs;
  const waitedMs = input.nowMs - startedAtMs;
  const known = new Set(input.memory?.slices ?? []);
  for (const s of input.slices) if (s.endpoints.length > 0) known.add(s.name);
  const relevant = input.slices.filter((s) => known.has(s.name));
  if (known.size === 0) return { verdict: 'proceed', reason: 'NotBehindService', waitedMs, proxies: 0, pending: [] };
  const boundMs = gateBoundMs(input.graceSeconds, input.maxWaitMs);
  if (boundMs === 0) return { verdict: 'proceed', reason: 'NoGraceLeft', waitedMs, proxies: 0, pending: [] };
  const timedOut = waitedMs >= boundMs;
  const live = input.proxies.filter((p) => p.revision !== undefined && p.nodeReady && p.leaseValidUntilMs > input.nowMs);
  const memory: GateMemory = {
    startedAtMs, slices: [...known].sort(),
    ...(input.memory?.revision !== undefined ? { revision: input.memory.revision, revisionAtMs: input.memory.revisionAtMs ?? input.nowMs } : {}),
  };

  if (memory.revision === undefined) {
    const stillReady = relevant.filter((s) => s.endpoints.some((e) => e.ready)).map((s) => s.name);
    if (stillReady.length > 0) {
      return timedOut
        ? { verdict: 'proceed', reason: 'TimedOut', waitedMs, proxies: live.length, pending: stillReady.map((s) => `slice ${s}`) }
        : { verdict: 'wait', memory, why: 'EndpointStillReady', pending: stillReady.map((s) => `slice ${s}`) };
    }
    // A remembered slice that is gone altogether contributes no revision: its deletion is newer than any we saw.
    memory.revision = Math.max(0, ...relevant.map((s) => s.resourceVersion));
    memory.revisionAtMs = input.nowMs;
  }
  const revision = memory.revision;
  const endpointsMs = (memory.revisionAtMs ?? input.nowMs) - startedAtMs;
  const behind = live.filter((p) => (p.revision ?? 0) < revision).map((p) => p.node).sort();
  if (behind.length === 0) return { verdict: 'proceed', reason: 'Acknowledged', waitedMs, proxies: live.length, revision, pending: [], endpointsMs };
  if (timedOut) return { verdict: 'proceed', reason: 'TimedOut', waitedMs, proxies: live.length, revision, pending: behind.map((n) => `node ${n}`), endpointsMs };
  return { verdict: 'wait', memory, why: 'ProxiesBehind', pending: behind };
}

/** The event that tells the user what the gate did (none when the pod was behind no Service). */
export function gateEvent(decision: Extract<GateDecision, { verdict: 'proceed' }>): { type: 'Normal' | 'Warning'; reason: 'RemovedFromProxies' | 'ProxyAckTimeout'; message: string } | undefined {
  switch (decision.reason) {
    case 'NotBehindService': return undefined;
    case 'NoGraceLeft': return undefined;
    case 'Acknowledged':
      // The split says where a slow wait went: the endpoints controller, or proxies + Lease writes.
      return { type: 'Normal', reason: 'RemovedFromProxies', message: `Removed from ${decision.proxies} ${decision.proxies === 1 ? 'proxy' : 'proxies'} in ${Math.round(decision.waitedMs)} ms (out of the EndpointSlices after ${Math.round(decision.endpointsMs ?? 0)} ms)` };
    case 'TimedOut':
      return { type: 'Warning', reason: 'ProxyAckTimeout', message: `Stopping after ${Math.round(decision.waitedMs)} ms without every proxy's acknowledgement; waiting on ${decision.pending.join(', ')}` };
  }
}
