/**
 * Steady HTTP load from inside a host (e.g. against a Service's ClusterIP through that host's
 * proxy), reported in 100 ms buckets, and the pure analysis of a host failure under that load
 * (issue 6: "a host is killed under the same load — failed requests are counted and reported,
 * and traffic recovers within the failover budget").
 *
 *   const load = startServiceLoad(network.host('a1'), `http://${clusterIP}/`, { rate: 250 });
 *   await load.until((b) => …);  const killAt = Date.now();  await a3.kill();
 *   const { buckets } = await load.stop();  const figures = analyzeFailover(buckets, killAt);
 *
 * The generator is a plain node http loop, one new connection per request (agent: false):
 * every request is a fresh pick by the proxy's balancer, so an endpoint that is dead but still
 * listed keeps being chosen until the endpoint lists catch up — the harder case for a Service
 * (with keep-alive, a client pins a few connections and only those break once). It starts
 * requests on a fixed schedule (open loop: a slow answer does not slow the rate down), so the
 * rate is what was asked even while the system under test struggles.
 */
import type { ChildProcess } from 'node:child_process';
import type { Host } from './host.js';

export const BUCKET_MS = 100;

/** Requests that *started* in [t, t + BUCKET_MS) (epoch ms; hosts share the machine's clock) and how they ended. */
export interface LoadBucket {
  t: number;
  started: number;
  ok: number;
  fail: number;
  /**
   * Not started: the generator was behind schedule by > 50 ms (its process was not scheduled)
   * or maxInFlight requests were pending. A limit of the generator, not a failure of the target.
   */
  skipped: number;
  /** Longest gap between the generator's 5 ms ticks seen in this bucket: how long the generator itself stalled. */
  stallMs: number;
  /** Failure reason → count: error codes (ECONNRESET, ECONNREFUSED, TIMEOUT, …) or HTTP_<status>. */
  codes: Record<string, number>;
  /** Pod name (the test app's `pod` field) → successful answers. */
  pods: Record<string, number>;
}

export interface LoadOptions {
  /** Requests started per second. */
  rate: number;
  /** A request not answered completely within this is a failure (TIMEOUT). Default 2000. */
  timeoutMs?: number;
  /** Default 400. */
  maxInFlight?: number;
  /** Safety stop if stop() is never called. Default 120 s. */
  maxDurationMs?: number;
}

export interface LoadRun {
  readonly child: ChildProcess;
  /** Buckets reported so far, in time order (a bucket is reported once each of its requests ended). */
  buckets(): LoadBucket[];
  /** Resolves when `check(buckets so far)` holds; rejects after timeoutMs or when the generator exits. */
  until(check: (buckets: LoadBucket[]) => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Stops starting requests, waits for the pending ones, resolves with every bucket. */
  stop(timeoutMs?: number): Promise<{ buckets: LoadBucket[]; sent: number; skipped: number }>;
  /** stderr of the generator, for failure messages. */
  stderr(): string;
}

// CommonJS (-e); argv: url rate timeoutMs maxInFlight maxDurationMs. Stops when stdin ends.
const GENERATOR = `
const http = require('node:http');
const [url, rateArg, timeoutArg, maxArg, maxDurationArg] = process.argv.slice(1);
const rate = Number(rateArg), timeoutMs = Number(timeoutArg), maxInFlight = Number(maxArg);
const BUCKET = ${BUCKET_MS};
const LAG_MS = 50;
const buckets = new Map();
let nextEmit = Math.floor(Date.now() / BUCKET);
let inFlight = 0, sent = 0, skipped = 0, stopping = false;
const t0 = Date.now();
const bucketAt = (ms) => {
  const i = Math.floor(ms / BUCKET);
  let b = buckets.get(i);
  if (!b) { b = { t: i * BUCKET, started: 0, ok: 0, fail: 0, skipped: 0, stallMs: 0, codes: {}, pods: {} }; buckets.set(i, b); }
  return b;
};
function fire() {
  const b = bucketAt(Date.now());
  b.started++; inFlight++; sent++;
  let done = false;
  const finish = (code, pod) => {
    if (done) return;
    done = true; inFlight--; clearTimeout(timer);
    if (code) { b.fail++; b.codes[code] = (b.codes[code] || 0) + 1; }
    else { b.ok++; b.pods[pod] = (b.pods[pod] || 0) + 1; }
  };
  const req = http.get(url, { agent: false }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { body += d; });
    res.on('end', () => {
      if (res.statusCode !== 200) return finish('HTTP_' + res.statusCode);
      let pod = '?';
      try { pod = JSON.parse(body).pod; } catch { return finish('BAD_BODY'); }
      finish(null, pod);
    });
    res.on('error', (e) => finish(e.code || 'RESPONSE_ERROR'));
    res.on('close', () => { if (!res.complete) finish('ABORTED'); });
  });
  // setImmediate: after a stall of this process the timer fires before pending socket reads
  // are handled; an answer that did arrive in time is read first, not counted as a timeout.
  const timer = setTimeout(() => setImmediate(() => { finish('TIMEOUT'); req.destroy(); }), timeoutMs);
  req.on('error', (e) => finish(e.code || e.message));
}
function emit(all) {
  const upTo = all ? Math.max(nextEmit, ...buckets.keys()) + 1 : Math.floor(Date.now() / BUCKET);
  while (nextEmit < upTo) {
    const b = buckets.get(nextEmit) || { t: nextEmit * BUCKET, started: 0, ok: 0, fail: 0, skipped: 0, stallMs: 0, codes: {}, pods: {} };
    if (b.ok + b.fail < b.started) break;
    process.stdout.write(JSON.stringify(b) + '\\n');
    buckets.delete(nextEmit);
    nextEmit++;
  }
}
const stop = () => { stopping = true; };
process.stdin.on('data', () => {}); process.stdin.on('end', stop); process.stdin.on('error', stop);
setTimeout(stop, Number(maxDurationArg));
let lastTick = Date.now();
setInterval(() => {
  const now = Date.now();
  const b = bucketAt(now);
  b.stallMs = Math.max(b.stallMs || 0, now - lastTick);
  lastTick = now;
  if (!stopping) {
    const due = Math.floor((now - t0) * rate / 1000);
    // Behind schedule by more than LAG_MS (this process was not scheduled): skip the backlog
    // rather than fire it as one burst, which would be a different load than the one asked.
    const lagged = due - Math.ceil(rate * LAG_MS / 1000) - (sent + skipped);
    if (lagged > 0) { skipped += lagged; b.skipped += lagged; }
    while (sent + skipped < due) {
      if (inFlight >= maxInFlight) { skipped++; b.skipped++; } else fire();
    }
  }
  emit(false);
  if (stopping && inFlight === 0) {
    emit(true);
    process.stdout.write(JSON.stringify({ done: true, sent, skipped }) + '\\n');
    process.exit(0);
  }
}, 5);
`;

export function startServiceLoad(host: Host, url: string, options: LoadOptions): LoadRun {
  const { rate, timeoutMs = 2_000, maxInFlight = 400, maxDurationMs = 120_000 } = options;
  const child = host.exec(process.execPath, ['-e', GENERATOR, url, String(rate), String(timeoutMs), String(maxInFlight), String(maxDurationMs)]);
  const buckets: LoadBucket[] = [];
  let summary: { sent: number; skipped: number } | undefined;
  let partial = '';
  let errors = '';
  const listeners = new Set<() => void>();
  const notify = () => { for (const l of [...listeners]) l(); };
  child.stdout?.on('data', (d: Buffer) => {
    partial += d.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as LoadBucket | { done: true; sent: number; skipped: number };
      if ('done' in parsed) summary = { sent: parsed.sent, skipped: parsed.skipped };
      else buckets.push(parsed);
    }
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => { errors += d.toString(); });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => { exited = { code, signal }; notify(); });

  const waitUntil = (ready: () => boolean, timeoutMs: number, what: string): Promise<void> => new Promise((resolve, reject) => {
    const check = () => {
      if (ready()) { done(); resolve(); return; }
      if (exited) { done(); reject(new Error(`load generator exited (${exited.code ?? exited.signal}) while waiting for ${what}: ${errors}`)); }
    };
    const timer = setTimeout(() => { done(); reject(new Error(`${what}: not within ${timeoutMs} ms (${buckets.length} buckets; stderr: ${errors})`)); }, timeoutMs);
    const done = () => { clearTimeout(timer); listeners.delete(check); };
    listeners.add(check);
    check();
  });

  return {
    child,
    buckets: () => [...buckets],
    until: (check, timeoutMs, what) => waitUntil(() => check(buckets), timeoutMs, what),
    async stop(timeout = 10_000) {
      child.stdin?.end();
      await waitUntil(() => summary !== undefined, timeout, 'the load generator to finish');
      return { buckets: [...buckets], ...summary! };
    },
    stderr: () => errors,
  };
}

export interface FailoverFigures {
  /** Requests started (and ended) over the whole run. */
  requests: number;
  failed: number;
  /** Failures of requests that ended before the kill (started ≥ requestTimeoutMs before it): steady-state failures, not the kill's. */
  failedBeforeKill: number;
  skipped: number;
  /** Longest stall of the generator itself after the kill (ms); large values mean the machine, not the target, was stuck. */
  generatorStallMs: number;
  durationMs: number;
  /** requests / duration. */
  perSecond: number;
  /** Failure reason → count, whole run. */
  codes: Record<string, number>;
  /** Start of the first / end of the last bucket with a failure, ms relative to the kill; undefined without failures. */
  firstFailureMs?: number;
  lastFailureMs?: number;
  /**
   * ms after the kill from which traffic is back for good: the start of the first bucket with a
   * success that no failing bucket follows (0 when nothing failed after the kill began).
   * Undefined when it never came back (no success after the last failure).
   */
  recoveryMs?: number;
  /** Successes and failures from recoveryMs to the end (the latter is 0 by construction; kept for the report). */
  okAfterRecovery: number;
  /** Longest run of consecutive started-but-not-ok buckets after the kill (ms): how long the outage looked to this client. */
  longestOutageMs: number;
  /** Pod → successes in buckets that ended before the kill. */
  podsBeforeKill: Record<string, number>;
  /** Pod → successes from the recovery on. */
  podsAfterRecovery: Record<string, number>;
}

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/**
 * The figures of one host kill under load. `buckets` in time order (as reported); `killAtMs`
 * epoch ms when the kill began. Requests started just before the kill and broken by it count as
 * failures too (their bucket starts before the kill, so firstFailureMs can be slightly negative).
 */
export function analyzeFailover(buckets: readonly LoadBucket[], killAtMs: number, options: { requestTimeoutMs?: number } = {}): FailoverFigures {
  const steadyUntil = killAtMs - (options.requestTimeoutMs ?? 2_000);
  const rel = (t: number) => t - killAtMs;
  const codes: Record<string, number> = {};
  const podsBeforeKill: Record<string, number> = {};
  const podsAfterRecovery: Record<string, number> = {};
  let requests = 0, failed = 0, failedBeforeKill = 0, skipped = 0, generatorStallMs = 0;
  let firstFailure: number | undefined, lastFailureEnd: number | undefined, lastFailingIndex = -1;
  buckets.forEach((b, i) => {
    requests += b.started;
    failed += b.fail;
    skipped += b.skipped;
    add(codes, b.codes);
    if (b.t + BUCKET_MS > killAtMs) generatorStallMs = Math.max(generatorStallMs, b.stallMs ?? 0);
    if (b.t + BUCKET_MS <= steadyUntil) failedBeforeKill += b.fail;
    if (b.t + BUCKET_MS <= killAtMs) add(podsBeforeKill, b.pods);
    if (b.fail > 0) {
      firstFailure ??= rel(b.t);
      lastFailureEnd = rel(b.t + BUCKET_MS);
      lastFailingIndex = i;
    }
  });
  // Traffic is back from the first successful bucket after the last failure (failures that
  // ended before the kill bucket are not this kill's; they are counted in failedBeforeKill).
  let recoveryMs: number | undefined;
  let okAfterRecovery = 0;
  const killIndex = buckets.findIndex((b) => b.t + BUCKET_MS > killAtMs);
  const searchFrom = Math.max(lastFailingIndex + 1, killIndex < 0 ? buckets.length : killIndex);
  for (let i = searchFrom; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (recoveryMs === undefined && b.ok > 0) recoveryMs = Math.max(0, rel(b.t));
    if (recoveryMs !== undefined) {
      okAfterRecovery += b.ok;
      add(podsAfterRecovery, b.pods);
    }
  }
  let longestOutageMs = 0;
  let run = 0;
  for (const b of buckets) {
    if (b.t + BUCKET_MS <= killAtMs) continue;
    if (b.started > 0 && b.ok === 0) run += BUCKET_MS;
    else if (b.ok > 0) run = 0;
    longestOutageMs = Math.max(longestOutageMs, run);
  }
  const durationMs = buckets.length === 0 ? 0 : buckets[buckets.length - 1]!.t + BUCKET_MS - buckets[0]!.t;
  return {
    requests, failed, failedBeforeKill, skipped, generatorStallMs, durationMs,
    perSecond: durationMs === 0 ? 0 : Math.round((requests * 1000) / durationMs),
    codes,
    ...(firstFailure !== undefined ? { firstFailureMs: firstFailure, lastFailureMs: lastFailureEnd } : {}),
    ...(recoveryMs !== undefined ? { recoveryMs } : {}),
    okAfterRecovery, longestOutageMs, podsBeforeKill, podsAfterRecovery,
  };
}
