/**
 * The pure threshold logic of probes: one probe run's outcome folded into the running
 * state. A probe's `status` only flips after `successThreshold` consecutive successes or
 * `failureThreshold` consecutive failures, e.g. failureThreshold 3 at periodSeconds 10 →
 * a dead container is declared unhealthy 20–30 s after it stops answering.
 */
import { PROBE_DEFAULTS } from '../defaults.js';
import type { Probe } from '../pod/pod-types.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** One run of a probe: an expected outcome, never an exception. */
export type ProbeOutcome = { result: 'success'; message?: string } | { result: 'failure'; message: string };

export interface ProbeState {
  /** The runtime container the state belongs to; a new attempt starts from scratch. */
  containerId: string;
  /** The thresholded verdict the pod sync acts on. */
  status: 'unknown' | 'success' | 'failure';
  consecutiveSuccesses: number;
  consecutiveFailures: number;
  /** ms since epoch of the last run, if any. */
  lastResultAt?: number;
  lastMessage?: string;
  /** Set by the first successful run: ends the readiness early-retry phase (see PROBE_DEFAULTS). */
  everSucceeded?: boolean;
  /** ms since epoch of the last failure counted toward failureThreshold. */
  lastCountedFailureAt?: number;
  /** Failed runs during the early-retry phase (counted or not): the exponent of the next retry delay. */
  earlyFailures?: number;
}

export interface ContainerProbeStates {
  liveness?: ProbeState;
  readiness?: ProbeState;
  startup?: ProbeState;
}

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The probe's timing with Kubernetes defaults filled in (liveness/startup successThreshold is always 1). */
export function probeTiming(probe: Probe, kind: ProbeKind): ProbeTiming {
  const successThreshold = kind === 'readiness' ? Math.max(1, probe.successThreshold ?? PROBE_DEFAULTS.successThreshold) : 1;
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds) * 1000,
    periodMs: Math.max(1, probe.periodSeconds ?? PROBE_DEFAULTS.periodSeconds) * 1000,
    timeoutMs: Math.max(1, probe.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds) * 1000,
    successThreshold,
    failureThreshold: Math.max(1, probe.failureThreshold ?? PROBE_DEFAULTS.failureThreshold),
  };
}

export function initialProbeState(containerId: string): ProbeState {
  return { containerId, status: 'unknown', consecutiveSuccesses: 0, consecutiveFailures: 0 };
}

/** Fold one outcome into the state. */
export function recordProbeOutcome(state: ProbeState, outcome: ProbeOutcome, timing: Pick<ProbeTiming, 'successThreshold' | 'failureThreshold'>, at: number): ProbeState {
  if (outcome.result === 'success') {
    const consecutiveSuccesses = state.consecutiveSuccesses + 1;
    return {
      ...state,
      consecutiveSuccesses,
      consecutiveFailures: 0,
      status: consecutiveSuccesses >= timing.successThreshold ? 'success' : state.status,
      lastResultAt: at,
      lastMessage: outcome.message,
      everSucceeded: true,
    };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  return {
    ...state,
    consecutiveFailures,
    consecutiveSuccesses: 0,
    status: consecutiveFailures >= timing.failureThreshold ? 'failure' : state.status,
    lastResultAt: at,
    lastMessage: outcome.message,
    lastCountedFailureAt: at,
  };
}

/**
 * The readiness early-retry phase (rule in PROBE_DEFAULTS.earlyRetry*): until a readiness
 * probe first succeeds on a container, a failed run is retried sooner than periodSeconds.
 */
export function inEarlyRetry(state: ProbeState, kind: ProbeKind): boolean {
  return kind === 'readiness' && !state.everSucceeded;
}

/**
 * recordProbeOutcome for the early-retry phase: a failure less than one period after the
 * last counted failure only updates the message, so failureThreshold still counts
 * period-spaced failures and a failing probe turns `failure` no sooner than kubelet's would.
 */
export function recordEarlyRetryOutcome(state: ProbeState, outcome: ProbeOutcome, timing: Pick<ProbeTiming, 'successThreshold' | 'failureThreshold' | 'periodMs'>, at: number): ProbeState {
  if (outcome.result === 'success') return recordProbeOutcome(state, outcome, timing, at);
  const earlyFailures = (state.earlyFailures ?? 0) + 1;
  if (state.lastCountedFailureAt === undefined || at - state.lastCountedFailureAt >= timing.periodMs) {
    return { ...recordProbeOutcome(state, outcome, timing, at), earlyFailures };
  }
  return { ...state, lastResultAt: at, lastMessage: outcome.message, earlyFailures };
}

/** Delay before the next early retry: initial × factor^(failures − 1), never longer than the period. */
export function earlyRetryDelayMs(state: ProbeState, periodMs: number): number {
  const n = Math.max(0, (state.earlyFailures ?? 1) - 1);
  return Math.min(periodMs, Math.round(PROBE_DEFAULTS.earlyRetryInitialMs * PROBE_DEFAULTS.earlyRetryFactor ** n));
}

/** A state only counts for the container it was measured on. */
export function stateFor(state: ProbeState | undefined, containerId: string): ProbeState | undefined {
  return state && state.containerId === containerId ? state : undefined;
}
