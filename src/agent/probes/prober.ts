/**
 * Probe workers: one per (running container, probe kind). Each waits initialDelaySeconds
 * after the container started, then runs every periodSeconds on the injected clock, folds
 * the outcome into its state (probe-state.ts) and tells the pod worker (onResult → requeue).
 * A readiness probe that has not yet succeeded retries failures early (PROBE_DEFAULTS.earlyRetry*).
 * Liveness and readiness wait until the startup probe, if any, has succeeded; the startup
 * worker stops after its first success. States are read by the shell into the snapshot.
 */
import type { Clock, TimerHandle } from '../../client/clock.js';
import type { ContainerInfo, Runtime } from '../runtime/runtime.js';
import type { Container, Probe } from '../pod/pod-types.js';
import { earlyRetryDelayMs, inEarlyRetry, initialProbeState, probeTiming, recordEarlyRetryOutcome, recordProbeOutcome, type ContainerProbeStates, type ProbeKind, type ProbeOutcome, type ProbeState, type ProbeTiming } from './probe-state.js';
import { runProbe, type ProbeRunContext } from './run-probe.js';

export interface ProberOptions {
  runtime: Runtime;
  clock: Clock;
  /** Called with the pod key after a run that changed something worth a pod sync. */
  onResult: (podKey: string, containerName: string, kind: ProbeKind, state: ProbeState) => void;
  /** The executor; tests inject a scripted one. */
  run?: (probe: Probe, ctx: ProbeRunContext) => Promise<ProbeOutcome>;
}

export interface ProberManager {
  /** Match the workers to the pod's running containers: start new ones, stop the rest. */
  syncPod(podKey: string, specs: Container[], running: Array<{ containerName: string; info: ContainerInfo }>): void;
  /** Start the workers of one just-started container now, leaving the pod's other workers alone (the next syncPod confirms). */
  addContainer(podKey: string, specs: Container[], containerName: string, info: ContainerInfo): void;
  states(podKey: string): Record<string, ContainerProbeStates>;
  stopPod(podKey: string): void;
  stopAll(): void;
}

interface Worker {
  key: string;
  podKey: string;
  containerName: string;
  kind: ProbeKind;
  probe: Probe;
  spec: Container;
  info: ContainerInfo;
  timing: ProbeTiming;
  state: ProbeState;
  timer?: TimerHandle;
  busy: boolean;
  stopped: boolean;
}

const KINDS: Array<[ProbeKind, 'startupProbe' | 'livenessProbe' | 'readinessProbe']> = [
  ['startup', 'startupProbe'], ['liveness', 'livenessProbe'], ['readiness', 'readinessProbe'],
];

export function createProberManager(options: ProberOptions): ProberManager {
  const { clock } = options;
  const run = options.run ?? runProbe;
  const workers = new Map<string, Worker>();

  function startupDone(w: Worker): boolean {
    if (!w.spec.startupProbe) return true;
    const startup = workers.get(`${w.podKey}|${w.containerName}|${w.info.id}|startup`);
    return startup?.state.status === 'success';
  }

  async function tick(w: Worker): Promise<void> {
    if (w.stopped) return;
    w.timer = clock.setTimeout(() => void tick(w), w.timing.periodMs);
    if (w.busy || (w.kind !== 'startup' && !startupDone(w))) return;
    w.busy = true;
    let outcome: ProbeOutcome;
    try {
      outcome = await run(w.probe, { runtime: options.runtime, clock, spec: w.spec, container: w.info, timeoutMs: w.timing.timeoutMs });
    } catch (err) {
      outcome = { result: 'failure', message: err instanceof Error ? err.message : String(err) };
    } finally {
      w.busy = false;
    }
    if (w.stopped) return;
    const before = w.state;
    const early = inEarlyRetry(before, w.kind);
    w.state = early ? recordEarlyRetryOutcome(before, outcome, w.timing, clock.now()) : recordProbeOutcome(before, outcome, w.timing, clock.now());
    if (w.kind === 'startup' && w.state.status === 'success') clock.clearTimeout(w.timer);
    if (early && outcome.result === 'failure') {
      // Retry sooner than the period (the timer set above): the app is probably still starting.
      clock.clearTimeout(w.timer);
      w.timer = clock.setTimeout(() => void tick(w), earlyRetryDelayMs(w.state, w.timing.periodMs));
    }
    // An uncounted early failure changes nothing the pod sync acts on: no requeue.
    const counted = outcome.result === 'failure' && w.state.consecutiveFailures > before.consecutiveFailures;
    if (w.state.status !== before.status || counted) options.onResult(w.podKey, w.containerName, w.kind, w.state);
  }

  function start(w: Worker): void {
    const startedAt = Date.parse(w.info.startedAt ?? '') || clock.now();
    const delay = Math.max(0, startedAt + w.timing.initialDelayMs - clock.now());
    w.timer = clock.setTimeout(() => void tick(w), Math.min(delay, w.timing.initialDelayMs));
  }

  function stop(w: Worker): void {
    w.stopped = true;
    clock.clearTimeout(w.timer);
    workers.delete(w.key);
  }

  /** Ensure the workers of one running container; returns their keys. */
  function ensure(podKey: string, specs: Container[], containerName: string, info: ContainerInfo): string[] {
    const spec = specs.find((s) => s.name === containerName);
    if (!spec) return [];
    const keys: string[] = [];
    for (const [kind, field] of KINDS) {
      const probe = spec[field];
      if (!probe) continue;
      const key = `${podKey}|${containerName}|${info.id}|${kind}`;
      keys.push(key);
      const existing = workers.get(key);
      if (existing) { existing.info = info; continue; }
      const w: Worker = {
        key, podKey, containerName, kind, probe, spec, info, timing: probeTiming(probe, kind),
        state: initialProbeState(info.id), busy: false, stopped: false,
      };
      workers.set(key, w);
      start(w);
    }
    return keys;
  }

  return {
    syncPod(podKey, specs, running) {
      const wanted = new Set<string>();
      for (const { containerName, info } of running) for (const key of ensure(podKey, specs, containerName, info)) wanted.add(key);
      for (const w of [...workers.values()]) if (w.podKey === podKey && !wanted.has(w.key)) stop(w);
    },
    addContainer(podKey, specs, containerName, info) {
      ensure(podKey, specs, containerName, info);
    },
    states(podKey) {
      const out: Record<string, ContainerProbeStates> = {};
      for (const w of workers.values()) {
        if (w.podKey !== podKey) continue;
        (out[w.containerName] ??= {})[w.kind] = w.state;
      }
      return out;
    },
    stopPod(podKey) {
      for (const w of [...workers.values()]) if (w.podKey === podKey) stop(w);
    },
    stopAll() {
      for (const w of [...workers.values()]) stop(w);
    },
  };
}
