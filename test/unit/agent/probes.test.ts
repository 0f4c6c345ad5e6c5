import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { FakeClock, realClock } from '../../../src/client/clock.js';
import { earlyRetryDelayMs, initialProbeState, probeTiming, recordEarlyRetryOutcome, recordProbeOutcome, type ProbeOutcome } from '../../../src/agent/probes/probe-state.js';
import { httpProbe } from '../../../src/agent/probes/http-probe.js';
import { tcpProbe } from '../../../src/agent/probes/tcp-probe.js';
import { execProbe } from '../../../src/agent/probes/exec-probe.js';
import { resolveProbeTarget } from '../../../src/agent/probes/target.js';
import { createProberManager } from '../../../src/agent/probes/prober.js';
import type { Runtime } from '../../../src/agent/runtime/runtime.js';
import { aContainerSpec, aRuntimeContainer } from './builders.js';

const fail: ProbeOutcome = { result: 'failure', message: 'nope' };
const pass: ProbeOutcome = { result: 'success' };

void describe('probe thresholds', () => {
  void it('fills Kubernetes defaults and forces successThreshold 1 for liveness', () => {
    assert.deepEqual(probeTiming({ successThreshold: 3 }, 'liveness'), { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1_000, successThreshold: 1, failureThreshold: 3 });
    assert.equal(probeTiming({ successThreshold: 3 }, 'readiness').successThreshold, 3);
  });

  void it('turns failure only after failureThreshold consecutive failures', () => {
    const t = { successThreshold: 1, failureThreshold: 3 };
    let s = recordProbeOutcome(initialProbeState('c'), pass, t, 1);
    assert.equal(s.status, 'success');
    s = recordProbeOutcome(recordProbeOutcome(s, fail, t, 2), fail, t, 3);
    assert.equal(s.status, 'success');
    s = recordProbeOutcome(s, fail, t, 4);
    assert.deepEqual([s.status, s.consecutiveFailures, s.lastResultAt, s.lastMessage], ['failure', 3, 4, 'nope']);
  });

  void it('a success in between resets the failure count', () => {
    const t = { successThreshold: 1, failureThreshold: 2 };
    let s = initialProbeState('c');
    for (const o of [fail, pass, fail]) s = recordProbeOutcome(s, o, t, 0);
    assert.equal(s.status, 'success');
    assert.equal(s.consecutiveFailures, 1);
  });

  void it('needs successThreshold consecutive successes to recover', () => {
    const t = { successThreshold: 2, failureThreshold: 1 };
    let s = recordProbeOutcome(initialProbeState('c'), fail, t, 0);
    s = recordProbeOutcome(s, pass, t, 0);
    assert.equal(s.status, 'failure');
    s = recordProbeOutcome(s, pass, t, 0);
    assert.equal(s.status, 'success');
  });
});

void describe('readiness early retry', () => {
  const t = { successThreshold: 1, failureThreshold: 2, periodMs: 1_000 };

  void it('counts only failures at least one period after the last counted one', () => {
    let s = recordEarlyRetryOutcome(initialProbeState('c'), fail, t, 0);
    assert.deepEqual([s.consecutiveFailures, s.status, s.earlyFailures], [1, 'unknown', 1]);
    for (const at of [50, 113, 191, 289, 411]) s = recordEarlyRetryOutcome(s, { result: 'failure', message: `m${at}` }, t, at);
    assert.deepEqual([s.consecutiveFailures, s.status, s.earlyFailures, s.lastMessage, s.lastResultAt], [1, 'unknown', 6, 'm411', 411]);
    s = recordEarlyRetryOutcome(s, fail, t, 1_000);
    assert.deepEqual([s.consecutiveFailures, s.status, s.lastCountedFailureAt], [2, 'failure', 1_000]);
  });

  void it('a success ends the phase and counts like any success', () => {
    let s = recordEarlyRetryOutcome(initialProbeState('c'), fail, t, 0);
    s = recordEarlyRetryOutcome(s, pass, t, 50);
    assert.deepEqual([s.status, s.everSucceeded, s.consecutiveFailures], ['success', true, 0]);
  });

  void it('retry delays grow ×1.25 from 50 ms and never exceed the period', () => {
    const delays = [1, 2, 3, 20].map((n) => earlyRetryDelayMs({ ...initialProbeState('c'), earlyFailures: n }, 1_000));
    assert.deepEqual(delays, [50, 63, 78, 1_000]);
    assert.equal(earlyRetryDelayMs({ ...initialProbeState('c'), earlyFailures: 1 }, 20), 20);
  });
});

void describe('probe executors against real loopback servers', () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/slow') return; // never answers
    if (req.url === '/header') { res.writeHead(req.headers['x-probe'] === 'yes' ? 200 : 418); return res.end(); }
    const code = Number(req.url?.slice(1)) || 200;
    res.writeHead(code); res.end(code >= 400 ? 'broken' : 'ok');
  });
  let port = 0;
  const ready = new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => { port = (server.address() as net.AddressInfo).port; resolve(); }));
  after(() => { server.closeAllConnections(); server.close(); });

  void it('treats 200–399 as success and 400+ as failure with the status code', async () => {
    await ready;
    assert.equal((await httpProbe({ host: '127.0.0.1', port, path: '/204', timeoutMs: 1000 })).result, 'success');
    assert.equal((await httpProbe({ host: '127.0.0.1', port, path: '/302', timeoutMs: 1000 })).result, 'success');
    const bad = await httpProbe({ host: '127.0.0.1', port, path: '/500', timeoutMs: 1000 });
    assert.deepEqual(bad, { result: 'failure', message: 'HTTP probe failed with statuscode: 500 body: broken' });
  });

  void it('sends the probe headers', async () => {
    await ready;
    assert.equal((await httpProbe({ host: '127.0.0.1', port, path: '/header', headers: [{ name: 'X-Probe', value: 'yes' }], timeoutMs: 1000 })).result, 'success');
    assert.equal((await httpProbe({ host: '127.0.0.1', port, path: '/header', timeoutMs: 1000 })).result, 'failure');
  });

  void it('fails an HTTP probe that does not answer within the timeout', async () => {
    await ready;
    const out = await httpProbe({ host: '127.0.0.1', port, path: '/slow', timeoutMs: 50 });
    assert.equal(out.result, 'failure');
    assert.match((out as { message: string }).message, /deadline exceeded/);
  });

  void it('TCP: succeeds on an open port and fails on a closed one', async () => {
    await ready;
    assert.equal((await tcpProbe({ host: '127.0.0.1', port, timeoutMs: 1000 })).result, 'success');
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const out = await tcpProbe({ host: '127.0.0.1', port: closedPort, timeoutMs: 1000 });
    assert.equal(out.result, 'failure');
    assert.match((out as { message: string }).message, /ECONNREFUSED/);
  });
});

void describe('probe target', () => {
  const spec = aContainerSpec('app', { ports: [{ name: 'http', containerPort: 8080 }] });
  const info = { ports: [{ containerPort: 8080, protocol: 'TCP' as const, hostIP: '127.0.0.1', hostPort: 31234 }] };

  void it('maps a container port number or name to the published host port', () => {
    assert.deepEqual(resolveProbeTarget(8080, spec, info), { ok: true, host: '127.0.0.1', port: 31234 });
    assert.deepEqual(resolveProbeTarget('http', spec, info), { ok: true, host: '127.0.0.1', port: 31234 });
  });

  void it('rejects an unknown port name and uses the port itself when unpublished', () => {
    assert.equal(resolveProbeTarget('admin', spec, info).ok, false);
    assert.deepEqual(resolveProbeTarget(9000, spec, info), { ok: true, host: '127.0.0.1', port: 9000 });
  });
});

function execRuntime(behaviour: (cmd: string[]) => { code: number; output?: string } | 'hang'): Runtime {
  return {
    async exec(_id: string, opts: { command: string[] }) {
      const stdout = new PassThrough(); const stderr = new PassThrough();
      const b = behaviour(opts.command);
      if (b === 'hang') return { ok: true, value: { stdout, stderr, exitCode: new Promise<number>(() => {}) } };
      if (b.output) stdout.write(b.output);
      stdout.end(); stderr.end();
      return { ok: true, value: { stdout, stderr, exitCode: Promise.resolve(b.code) } };
    },
  } as unknown as Runtime;
}

void describe('exec probe', () => {
  void it('exit 0 is a success, anything else a failure with the output', async () => {
    const rt = execRuntime((cmd) => (cmd[0] === 'true' ? { code: 0 } : { code: 1, output: 'not ready yet' }));
    assert.equal((await execProbe(rt, { containerId: 'c', command: ['true'], timeoutMs: 1000, clock: realClock })).result, 'success');
    assert.deepEqual(await execProbe(rt, { containerId: 'c', command: ['false'], timeoutMs: 1000, clock: realClock }), { result: 'failure', message: 'not ready yet' });
  });

  void it('fails on timeout', async () => {
    const clock = new FakeClock();
    const pending = execProbe(execRuntime(() => 'hang'), { containerId: 'c', command: ['sleep'], timeoutMs: 1000, clock });
    await new Promise((r) => setImmediate(r));
    clock.advance(1000);
    const out = await pending;
    assert.equal(out.result, 'failure');
    assert.match((out as { message: string }).message, /timed out after 1s/);
  });
});

void describe('prober scheduling', () => {
  const flush = () => new Promise((r) => setImmediate(r));

  void it('waits initialDelaySeconds, runs every periodSeconds and reports after failureThreshold', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const runs: number[] = [];
    const reports: string[] = [];
    const manager = createProberManager({
      runtime: {} as Runtime, clock,
      run: async () => { runs.push(clock.now()); return fail; },
      onResult: (pod, name, kind, s) => reports.push(`${pod}/${name}/${kind}:${s.status}:${s.consecutiveFailures}`),
    });
    const spec = aContainerSpec('app', { livenessProbe: { exec: { command: ['x'] }, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 2 } });
    const info = aRuntimeContainer({ id: 'k', startedAt: clock.now() });
    manager.syncPod('default/web', [spec], [{ containerName: 'app', info }]);
    clock.advance(4_999); await flush();
    assert.equal(runs.length, 0);
    clock.advance(1); await flush();
    clock.advance(2_000); await flush();
    assert.equal(runs.length, 2);
    assert.deepEqual(reports, ['default/web/app/liveness:unknown:1', 'default/web/app/liveness:failure:2']);
    assert.equal(manager.states('default/web').app.liveness?.status, 'failure');
    manager.stopPod('default/web');
    clock.advance(10_000); await flush();
    assert.equal(runs.length, 2);
    assert.deepEqual(manager.states('default/web'), {});
  });

  void it('holds liveness until the startup probe succeeded, then stops probing startup', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const runs: string[] = [];
    let startupOk = false;
    const manager = createProberManager({
      runtime: {} as Runtime, clock, onResult: () => {},
      run: async (probe) => { const k = probe.exec!.command![0]; runs.push(k); return k === 'startup' && !startupOk ? fail : pass; },
    });
    const spec = aContainerSpec('app', {
      startupProbe: { exec: { command: ['startup'] }, periodSeconds: 1, failureThreshold: 30 },
      livenessProbe: { exec: { command: ['live'] }, periodSeconds: 1 },
    });
    manager.syncPod('p', [spec], [{ containerName: 'app', info: aRuntimeContainer({ id: 's', startedAt: clock.now() }) }]);
    clock.advance(0); await flush();
    clock.advance(1_000); await flush();
    assert.deepEqual(runs.filter((r) => r === 'live'), []);
    startupOk = true;
    clock.advance(1_000); await flush();
    clock.advance(1_000); await flush();
    clock.advance(1_000); await flush();
    assert.equal(runs.filter((r) => r === 'startup').length, 3);
    assert.ok(runs.filter((r) => r === 'live').length >= 1);
    manager.stopAll();
  });

  void it('retries a not-yet-ready readiness probe early, reporting only counted failures, then keeps the period', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const t0 = clock.now();
    const runs: number[] = [];
    const reports: string[] = [];
    let answering = false;
    const manager = createProberManager({
      runtime: {} as Runtime, clock,
      run: async () => { runs.push(clock.now() - t0); return answering ? pass : fail; },
      onResult: (_pod, _name, kind, s) => reports.push(`${kind}:${s.status}:${s.consecutiveFailures}`),
    });
    const spec = aContainerSpec('app', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 1, failureThreshold: 3 } });
    manager.syncPod('p', [spec], [{ containerName: 'app', info: aRuntimeContainer({ id: 'r', startedAt: clock.now() }) }]);
    const step = async (ms: number) => { clock.advance(ms); await flush(); };
    await step(0);
    await step(50);
    await step(63);
    await step(78);
    assert.deepEqual(runs, [0, 50, 113, 191]);
    assert.deepEqual(reports, ['readiness:unknown:1']); // the early retries are not counted and do not requeue
    answering = true;
    await step(98);
    assert.deepEqual(runs, [0, 50, 113, 191, 289]);
    assert.deepEqual(reports, ['readiness:unknown:1', 'readiness:success:0']);
    answering = false;
    await step(999);
    assert.equal(runs.length, 5, 'after the first success the probe waits a whole period');
    await step(1);
    await step(100);
    assert.equal(runs.length, 6, 'and failures are no longer retried early');
    await step(899);
    assert.equal(runs.length, 6);
    await step(1);
    assert.equal(runs.length, 7);
    manager.stopAll();
  });

  void it('a readiness probe that never answers fails after failureThreshold period-spaced failures', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const reports: Array<[number, string]> = [];
    const t0 = clock.now();
    const manager = createProberManager({
      runtime: {} as Runtime, clock, run: async () => fail,
      onResult: (_pod, _name, _kind, s) => reports.push([clock.now() - t0, `${s.status}:${s.consecutiveFailures}`]),
    });
    const spec = aContainerSpec('app', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 1, failureThreshold: 3 } });
    manager.syncPod('p', [spec], [{ containerName: 'app', info: aRuntimeContainer({ id: 'r', startedAt: clock.now() }) }]);
    for (let i = 0; i < 80; i++) { clock.advance(50); await flush(); }
    assert.deepEqual(reports.slice(0, 3).map(([, r]) => r), ['unknown:1', 'unknown:2', 'failure:3']);
    for (let i = 1; i < reports.length; i++) assert.ok(reports[i][0] - reports[i - 1][0] >= 1_000, `counted failures ${JSON.stringify(reports)} are a period apart`);
    manager.stopAll();
  });

  void it('addContainer starts one container\'s workers without touching the pod\'s others', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const runs: string[] = [];
    const manager = createProberManager({ runtime: {} as Runtime, clock, onResult: () => {}, run: async (probe) => { runs.push(probe.exec!.command![0]); return pass; } });
    const a = aContainerSpec('a', { readinessProbe: { exec: { command: ['a'] }, periodSeconds: 1 } });
    const b = aContainerSpec('b', { readinessProbe: { exec: { command: ['b'] }, periodSeconds: 1 } });
    manager.syncPod('p', [a, b], [{ containerName: 'a', info: aRuntimeContainer({ id: 'ia', startedAt: clock.now() }) }]);
    manager.addContainer('p', [a, b], 'b', aRuntimeContainer({ id: 'ib', startedAt: clock.now() }));
    manager.addContainer('p', [a, b], 'b', aRuntimeContainer({ id: 'ib', startedAt: clock.now() })); // idempotent
    assert.equal(clock.pendingTimers(), 2);
    clock.advance(0); await flush();
    assert.deepEqual(runs.sort(), ['a', 'b']);
    assert.deepEqual(Object.keys(manager.states('p')).sort(), ['a', 'b']);
    manager.stopAll();
  });

  void it('replaces the workers when the container is replaced', () => {
    const clock = new FakeClock();
    const manager = createProberManager({ runtime: {} as Runtime, clock, onResult: () => {}, run: async () => pass });
    const spec = aContainerSpec('app', { readinessProbe: { tcpSocket: { port: 80 } } });
    manager.syncPod('p', [spec], [{ containerName: 'app', info: aRuntimeContainer({ id: 'one' }) }]);
    manager.syncPod('p', [spec], [{ containerName: 'app', info: aRuntimeContainer({ id: 'two' }) }]);
    assert.equal(manager.states('p').app.readiness?.containerId, 'two');
    assert.equal(clock.pendingTimers(), 1);
    manager.stopAll();
    assert.equal(clock.pendingTimers(), 0);
  });
});
