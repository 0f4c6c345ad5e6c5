/**
 * The HTTP test app shuts down like a well-written Node service, which the gate relies on:
 * after SIGTERM it keeps serving (TERM_DELAY_MS) with `Connection: close`, so keep-alive
 * clients reconnect elsewhere, then exits 0 once its connections are closed.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { testAppPath } from '../../support/docker/images.js';
import { readUntil } from '../../support/runtime-contract-helpers.js';
import { findFreePort } from '../../../src/agent/runtime/process/ports.js';

const children: ChildProcess[] = [];
after(() => { for (const c of children) c.kill('SIGKILL'); });

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const port = await findFreePort('127.0.0.1');
  const child = spawn(process.execPath, [testAppPath()], { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await readUntil(child.stdout!, `listening on ${port}`);
  return { child, port };
}

function get(port: number, agent: http.Agent | false): Promise<{ status: number; connection: string | undefined; socketReused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socketReused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

void describe('test app graceful shutdown', () => {
  void it('answers with Connection: close after SIGTERM, keeps serving for TERM_DELAY_MS, then exits 0', { timeout: 10_000 }, async () => {
    const app = await startApp({ TERM_DELAY_MS: '300' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await get(app.port, agent);
    assert.deepEqual([before.status, before.connection], [200, 'keep-alive']);
    const draining = readUntil(app.child.stdout!, 'SIGTERM received');
    app.child.kill('SIGTERM');
    await draining;
    const during = await get(app.port, agent);
    assert.deepEqual([during.status, during.connection, during.socketReused], [200, 'close', true], 'served on the kept-alive connection, which it then closes');
    const fresh = await get(app.port, false);
    assert.equal(fresh.status, 200, 'still accepting during the delay');
    const [code] = (await once(app.child, 'exit')) as [number];
    assert.equal(code, 0);
    agent.destroy();
  });

  void it('exits at once on SIGTERM with no delay and an idle keep-alive connection open', { timeout: 10_000 }, async () => {
    const app = await startApp({});
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await get(app.port, agent); // leaves one idle keep-alive connection behind
    app.child.kill('SIGTERM');
    const [code] = (await once(app.child, 'exit')) as [number];
    assert.equal(code, 0);
    agent.destroy();
  });

  void it('answers 503 on a connection opened after SIGTERM when REJECT_NEW_AFTER_TERM=1 (rollout sensor)', { timeout: 10_000 }, async () => {
    const app = await startApp({ TERM_DELAY_MS: '500', REJECT_NEW_AFTER_TERM: '1' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await get(app.port, agent);
    const draining = readUntil(app.child.stdout!, 'SIGTERM received');
    app.child.kill('SIGTERM');
    await draining;
    assert.equal((await get(app.port, agent)).status, 200, 'a connection from before SIGTERM is served');
    assert.equal((await get(app.port, false)).status, 503, 'a new one is flagged');
    agent.destroy();
  });
});
