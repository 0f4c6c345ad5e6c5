/**
 * One behavioural contract for every Runtime (style.md habit 5). Commands are plain
 * `sh` so they run in tug-busybox (docker) and on the host (process); the HOLLOW_* env
 * makes the simulated runtime behave the same way.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import type { Runtime } from '../../src/agent/runtime/runtime.js';
import { aContainer, Cleanup, readAll, readUntil, uniqueName, waitFor, waitForState } from './runtime-contract-helpers.js';

export interface RuntimeCapabilities {
  /** Image with sh/echo/sleep/cat (recorded only by the process runtime). */
  shellImage: string;
  /** Real processes: signals, memory stats, stdin, real log output. */
  realProcesses: boolean;
  /** Images are real: `Never` + missing → ErrImageNeverPull, bad references rejected. */
  images?: { missingImage: string };
  /** Pulls hit a registry: a non-existent image fails with ErrImagePull. */
  pull?: { unpullableImage: string };
  /** The HTTP test app; `command` when the runtime needs one. */
  httpApp?: { image: string; command?: string[]; containerPort: number };
  /** Memory limits are enforced by the kernel (the leaking app gets OOMKilled). */
  oom?: { image: string };
  /** A command name that does not exist for this runtime. */
  missingCommand: string;
}

const TEST_TIMEOUT = { timeout: 60_000 };
const forever = 'while true; do sleep 0.1; done';

export function runRuntimeContract(name: string, factory: () => Promise<Runtime> | Runtime, caps: RuntimeCapabilities): void {
  void describe(`Runtime contract: ${name}`, () => {
    let runtime: Runtime;
    let cleanup: Cleanup;
    before(async () => { runtime = await factory(); cleanup = new Cleanup(runtime); });
    after(async () => { await cleanup?.run(); await runtime?.close(); });
    const shell = (script: string, env: Record<string, string> = {}, extra = {}) =>
      aContainer({ image: caps.shellImage, command: ['sh', '-c', script], env, ...extra });

    void it('reports its name and version', async () => {
      const info = await runtime.info();
      assert.ok(info.ok && info.value.name.length > 0 && info.value.version.length > 0);
    });

    void it('starts a created container as running with its port published on 127.0.0.1', TEST_TIMEOUT, async () => {
      const info = await cleanup.createAndStart(shell(forever, {}, { ports: [{ containerPort: 8080, protocol: 'TCP' }] }));
      assert.equal(info.state, 'running');
      assert.equal(info.ports.length, 1);
      assert.equal(info.ports[0].hostIP, '127.0.0.1');
      assert.ok(info.ports[0].hostPort > 0);
    });

    void it('inspects a container by id and by name, and reports NotFound for an unknown one', TEST_TIMEOUT, async () => {
      const spec = shell(forever, {}, { labels: { 'io.tugboat.test': 'inspect', extra: 'x' } });
      const started = await cleanup.createAndStart(spec);
      const byId = await runtime.inspect(started.id);
      assert.ok(byId.ok);
      assert.equal(byId.value.name, spec.name);
      assert.equal(byId.value.image, spec.image);
      assert.equal(byId.value.labels.extra, 'x');
      const byName = await runtime.inspect(spec.name);
      assert.ok(byName.ok && byName.value.id === started.id);
      const missing = await runtime.inspect('no-such-container-0123');
      assert.ok(!missing.ok && missing.reason === 'NotFound');
    });

    void it('lists only containers carrying every requested label', TEST_TIMEOUT, async () => {
      const run = uniqueName('run');
      const a = await cleanup.createAndStart(shell(forever, {}, { labels: { run, which: 'a' } }));
      const b = await cleanup.createAndStart(shell(forever, {}, { labels: { run, which: 'b' } }));
      const both = await runtime.list({ run });
      assert.deepEqual(both.map((c) => c.id).sort(), [a.id, b.id].sort());
      const onlyA = await runtime.list({ run, which: 'a' });
      assert.deepEqual(onlyA.map((c) => c.id), [a.id]);
    });

    void it('reports the exit code of a container that exits on its own', TEST_TIMEOUT, async () => {
      const info = await cleanup.createAndStart(shell('exit 7', { HOLLOW_EXIT_AFTER_MS: '10', HOLLOW_EXIT_CODE: '7' }));
      const exited = await waitForState(runtime, info.id, 'exited');
      assert.equal(exited.exitCode, 7);
    });

    void it('stops a container that exits on SIGTERM within the grace period with its own exit code', TEST_TIMEOUT, async () => {
      const info = await cleanup.createAndStart(shell(`trap "exit 0" TERM; echo ready; ${forever}`));
      if (caps.realProcesses) await waitForLog(info.id, 'ready');
      const stopped = await runtime.stop(info.id, 10);
      assert.ok(stopped.ok);
      const inspected = await runtime.inspect(info.id);
      assert.ok(inspected.ok);
      assert.equal(inspected.value.state, 'exited');
      assert.equal(inspected.value.exitCode, 0);
    });

    void it('kills a container that ignores SIGTERM once the grace period is over (137)', TEST_TIMEOUT, async () => {
      const info = await cleanup.createAndStart(shell(`trap "" TERM; echo ready; ${forever}`, { HOLLOW_IGNORE_SIGTERM: '1' }));
      if (caps.realProcesses) await waitForLog(info.id, 'ready');
      // 3 s: longer than any client-side request timeout that might cut a slow stop short.
      assert.ok((await runtime.stop(info.id, 3)).ok);
      const inspected = await runtime.inspect(info.id);
      assert.ok(inspected.ok);
      assert.equal(inspected.value.state, 'exited');
      assert.equal(inspected.value.exitCode, 137);
    });

    void it('removes a container so it is neither inspectable nor listed', TEST_TIMEOUT, async () => {
      const run = uniqueName('rm');
      const info = await cleanup.createAndStart(shell(forever, {}, { labels: { run } }));
      assert.ok((await runtime.remove(info.id)).ok);
      const inspected = await runtime.inspect(info.id);
      assert.ok(!inspected.ok && inspected.reason === 'NotFound');
      assert.deepEqual(await runtime.list({ run }), []);
    });

    void it('execs a command and reports its output and exit code', TEST_TIMEOUT, async () => {
      const info = await cleanup.createAndStart(shell(forever));
      const hi = await runtime.exec(info.id, { command: ['echo', 'hi'] });
      assert.ok(hi.ok);
      const [out] = await Promise.all([readAll(hi.value.stdout), readAll(hi.value.stderr)]);
      assert.equal(out, 'hi\n');
      assert.equal(await hi.value.exitCode, 0);
      const three = await runtime.exec(info.id, { command: ['sh', '-c', 'exit 3'] });
      assert.ok(three.ok);
      await Promise.all([readAll(three.value.stdout), readAll(three.value.stderr)]);
      assert.equal(await three.value.exitCode, 3);
    });

    void it('fails to run a command that does not exist, as a value', TEST_TIMEOUT, async () => {
      const created = await runtime.create(aContainer({ image: caps.shellImage, command: [caps.missingCommand] }));
      if (!created.ok) {
        assert.equal(created.reason, 'CreateContainerError');
        return;
      }
      cleanup.track(created.value.id);
      const started = await runtime.start(created.value.id);
      assert.ok(!started.ok);
      assert.equal(started.reason, 'RunContainerError');
      assert.match(started.message, new RegExp(caps.missingCommand));
    });

    async function waitForLog(id: string, text: string): Promise<string> {
      return waitFor(`log line "${text}"`, async () => {
        const logs = await runtime.logs(id, {});
        if (!logs.ok) return undefined;
        const all = await readAll(logs.value);
        return all.includes(text) ? all : undefined;
      });
    }

    if (caps.realProcesses) {
      void it('returns the last lines with tailLines and prefixes timestamps on request', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(shell(`echo one; echo two; echo three; ${forever}`));
        await waitForLog(info.id, 'three');
        const tail = await runtime.logs(info.id, { tailLines: 2 });
        assert.ok(tail.ok);
        assert.equal(await readAll(tail.value), 'two\nthree\n');
        const stamped = await runtime.logs(info.id, { timestamps: true, tailLines: 1 });
        assert.ok(stamped.ok);
        assert.match(await readAll(stamped.value), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z three\n$/);
      });

      void it('follows logs and receives lines written after the call', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(shell('i=0; while true; do echo line-$i; i=$((i+1)); sleep 0.1; done'));
        await waitForLog(info.id, 'line-0');
        const abort = new AbortController();
        const follow = await runtime.logs(info.id, { follow: true, tailLines: 1, signal: abort.signal });
        assert.ok(follow.ok);
        const seen = await readUntil(follow.value, 'line-15');
        abort.abort();
        assert.match(seen, /line-15/);
      });

      void it('reports non-zero memory for a running container', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(shell(forever));
        const stats = await runtime.stats(info.id);
        assert.ok(stats.ok);
        assert.ok(stats.value.memoryBytes > 0, `memory ${stats.value.memoryBytes}`);
      });

      void it('fails to start, as a value, when the requested host port is taken', TEST_TIMEOUT, async (t) => {
        const blocker = createServer();
        await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
        t.after(() => blocker.close());
        const hostPort = (blocker.address() as AddressInfo).port;
        const created = await runtime.create(shell(forever, {}, { ports: [{ containerPort: 8080, protocol: 'TCP', hostPort }] }));
        assert.ok(created.ok);
        cleanup.track(created.value.id);
        const started = await runtime.start(created.value.id);
        assert.ok(!started.ok);
        assert.equal(started.reason, 'RunContainerError');
        assert.match(started.message, new RegExp(String(hostPort)));
      });

      void it('passes stdin to an exec', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(shell(forever));
        const { Readable } = await import('node:stream');
        const session = await runtime.exec(info.id, { command: ['cat'], stdin: Readable.from(['abc\n']) });
        assert.ok(session.ok);
        const [out] = await Promise.all([readAll(session.value.stdout), readAll(session.value.stderr)]);
        assert.equal(out, 'abc\n');
        assert.equal(await session.value.exitCode, 0);
      });
    }

    if (caps.images) {
      const { missingImage } = caps.images;
      void it('refuses a missing image under pull policy Never with ErrImageNeverPull', async () => {
        const r = await runtime.ensureImage(missingImage, 'Never');
        assert.ok(!r.ok && r.reason === 'ErrImageNeverPull', JSON.stringify(r));
      });
      void it('uses a present image without pulling', async () => {
        const r = await runtime.ensureImage(caps.shellImage, 'IfNotPresent');
        assert.ok(r.ok && r.value.imageId.length > 0, JSON.stringify(r));
      });
      void it('rejects a malformed image reference with InvalidImageName', async () => {
        const r = await runtime.ensureImage('Not A/Valid::Image', 'IfNotPresent');
        assert.ok(!r.ok && r.reason === 'InvalidImageName', JSON.stringify(r));
      });
    }

    if (caps.pull) {
      const { unpullableImage } = caps.pull;
      void it('reports ErrImagePull with the daemon message for an image that cannot be pulled', TEST_TIMEOUT, async () => {
        const r = await runtime.ensureImage(unpullableImage, 'IfNotPresent');
        assert.ok(!r.ok && r.reason === 'ErrImagePull', JSON.stringify(r));
        assert.ok(r.message.length > 0);
      });
    }

    if (caps.httpApp) {
      const app = caps.httpApp;
      void it('publishes the app port on 127.0.0.1 where it answers HTTP, with the requested hostname', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(aContainer({
          image: app.image, command: app.command, env: { APP_VERSION: '7' }, hostname: 'web-0',
          ports: [{ containerPort: app.containerPort, protocol: 'TCP' }],
        }));
        const url = `http://127.0.0.1:${info.ports[0].hostPort}/hello`;
        const body = await waitFor('the app to answer', async () => {
          // Docker's userland proxy accepts before the app listens and may then stall: bound each try.
          const abort = new AbortController();
          const timer = setTimeout(() => abort.abort(), 1000);
          try {
            const res = await fetch(url, { signal: abort.signal });
            return (await res.json()) as { pod: string; version: string; path: string };
          } catch {
            return undefined;
          } finally {
            clearTimeout(timer);
          }
        });
        assert.deepEqual(body, { pod: 'web-0', version: '7', path: '/hello' });
      });
    }

    if (caps.oom) {
      const { image } = caps.oom;
      void it('reports OOMKilled when a container exceeds its memory limit', TEST_TIMEOUT, async () => {
        const info = await cleanup.createAndStart(aContainer({
          image, env: { LEAK_MB_PER_S: '64' }, memoryBytes: 96 * 1024 * 1024,
        }));
        const exited = await waitForState(runtime, info.id, 'exited');
        assert.equal(exited.oomKilled, true);
        assert.equal(exited.exitCode, 137);
      });
    }
  });
}
