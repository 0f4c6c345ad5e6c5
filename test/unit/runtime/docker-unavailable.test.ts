/** The Docker runtime must answer RuntimeUnavailable, never throw or hang, without a working daemon. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerRuntime, type Runtime } from '../../../src/agent/runtime/index.js';
import { aContainer } from '../../support/runtime-contract-helpers.js';

async function assertUnavailable(runtime: Runtime): Promise<void> {
  const info = await runtime.info();
  assert.ok(!info.ok && info.reason === 'RuntimeUnavailable', JSON.stringify(info));
  const image = await runtime.ensureImage('tug-busybox:1', 'IfNotPresent');
  assert.ok(!image.ok && image.reason === 'RuntimeUnavailable', JSON.stringify(image));
  const created = await runtime.create(aContainer({ image: 'tug-busybox:1' }));
  assert.ok(!created.ok && created.reason === 'RuntimeUnavailable', JSON.stringify(created));
  const inspected = await runtime.inspect('abc');
  assert.ok(!inspected.ok && inspected.reason === 'RuntimeUnavailable', JSON.stringify(inspected));
  for (const attempt of [runtime.stats('abc'), runtime.logs('abc', {}), runtime.exec('abc', { command: ['true'] }), runtime.stop('abc', 0)]) {
    const result = await attempt;
    assert.ok(!result.ok && result.reason === 'RuntimeUnavailable', JSON.stringify(result));
  }
  await assert.rejects(runtime.list({}), { code: 'RuntimeUnavailable' });
}

void describe('Docker runtime without a working daemon', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tug-docker-unavailable-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('answers RuntimeUnavailable when the socket does not exist', async () => {
    await assertUnavailable(createDockerRuntime({ dockerHost: `unix://${join(dir, 'missing.sock')}` }));
  });

  void it('answers RuntimeUnavailable when the daemon accepts connections but never replies', async (t) => {
    const sockets = new Set<Socket>();
    const wedged = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
    const path = join(dir, 'wedged.sock');
    await new Promise<void>((resolve) => wedged.listen(path, resolve));
    t.after(() => { for (const s of sockets) s.destroy(); wedged.close(); });
    await assertUnavailable(createDockerRuntime({ dockerHost: `unix://${path}`, requestTimeoutMs: 200 }));
  });
});
