/** The HTTP test app that probe, rollout and OOM suites rely on, run as a host process. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { testAppPath } from '../../support/docker/images.js';
import { readUntil } from '../../support/runtime-contract-helpers.js';
import { findFreePort } from '../../../src/agent/runtime/process/ports.js';

const children: ChildProcess[] = [];
after(() => { for (const c of children) c.kill('SIGKILL'); });

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: Promise<string> }> {
  const port = await findFreePort('127.0.0.1');
  const child = spawn(process.execPath, [testAppPath()], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const output = readUntil(child.stdout!, `listening on ${port}`);
  output.catch(() => undefined); // tests that never listen (HANG=1) do not await it
  return { child, url: `http://127.0.0.1:${port}`, output };
}

const post = (url: string) => fetch(url, { method: 'POST' }).then((r) => r.json());

void describe('HTTP test app', () => {
  void it('answers with pod, version and path, and flips probes through /control', async () => {
    const app = await startApp({ POD_NAME: 'web-0', APP_VERSION: '2' });
    await app.output;
    assert.deepEqual(await (await fetch(`${app.url}/x`)).json(), { pod: 'web-0', version: '2', path: '/x' });
    assert.equal((await fetch(`${app.url}/ready`)).status, 200);
    await post(`${app.url}/control/fail-readiness`);
    await post(`${app.url}/control/fail-liveness`);
    assert.equal((await fetch(`${app.url}/ready`)).status, 503);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 500);
    await post(`${app.url}/control/recover`);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  void it('starts with a failing readiness probe when FAIL_READINESS=1', async () => {
    const app = await startApp({ FAIL_READINESS: '1' });
    await app.output;
    assert.equal((await fetch(`${app.url}/ready`)).status, 503);
  });

  void it('exits with EXIT_CODE after CRASH_AFTER_MS', async () => {
    const app = await startApp({ CRASH_AFTER_MS: '50', EXIT_CODE: '3', HANG: '1' });
    const [code] = (await once(app.child, 'exit')) as [number];
    assert.equal(code, 3);
  });

  void it('exits 0 after TERM_DELAY_MS on SIGTERM', async () => {
    const app = await startApp({ TERM_DELAY_MS: '100' });
    await app.output;
    app.child.kill('SIGTERM');
    const [code] = (await once(app.child, 'exit')) as [number];
    assert.equal(code, 0);
  });

  void it('keeps running on SIGTERM when IGNORE_SIGTERM=1', async () => {
    const app = await startApp({ IGNORE_SIGTERM: '1' });
    await app.output;
    const ignored = readUntil(app.child.stdout!, 'SIGTERM ignored');
    app.child.kill('SIGTERM');
    await ignored;
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });
});
