import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessRuntime } from '../../../src/agent/runtime/index.js';
import { isProcessAlive } from '../../../src/agent/runtime/process/proc-stat.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { aContainer, readAll, waitFor } from '../../support/runtime-contract-helpers.js';
import { repoRoot } from '../../support/docker/images.js';

const run = promisify(execFile);
const runtimeModule = new URL('../../../src/agent/runtime/index.js', import.meta.url).href;

/** A separate "agent" process that starts one container and exits. */
async function startInAnotherAgent(dataDir: string): Promise<{ id: string; pid: number }> {
  const script = `
    import { createProcessRuntime } from ${JSON.stringify(runtimeModule)};
    const rt = createProcessRuntime({ dataDir: ${JSON.stringify(dataDir)} });
    const c = await rt.create({ name: 'survivor', image: 'none', imagePullPolicy: 'Never', env: {}, ports: [], mounts: [],
      labels: { app: 'survivor' }, command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'] });
    const s = await rt.start(c.value.id);
    await rt.close();
    process.stdout.write(JSON.stringify({ id: s.value.id, pid: s.value.pid }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot(), timeout: 30_000 });
  return JSON.parse(stdout) as { id: string; pid: number };
}

void describe('process runtime across agent restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tug-process-adopt-'));
  const pids: number[] = [];
  after(() => {
    for (const pid of pids) try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(dataDir, { recursive: true, force: true });
  });

  void it('lets a new runtime instance list, read logs of and stop a container started by the previous one', async () => {
    const first = createProcessRuntime({ dataDir });
    const spec = aContainer({ image: 'none', command: ['sh', '-c', 'echo hello; while true; do sleep 0.1; done'], labels: { app: 'adopt' } });
    const created = await first.create(spec);
    assert.ok(created.ok);
    const started = await first.start(created.value.id);
    assert.ok(started.ok && started.value.pid);
    pids.push(started.value.pid);
    await first.close();

    const second = createProcessRuntime({ dataDir });
    const listed = await second.list({ app: 'adopt' });
    assert.deepEqual(listed.map((c) => [c.id, c.state, c.pid]), [[created.value.id, 'running', started.value.pid]]);
    const text = await waitFor('the adopted log line', async () => {
      const logs = await second.logs(created.value.id, {});
      const all = logs.ok ? await readAll(logs.value) : '';
      return all.includes('hello') ? all : undefined;
    });
    assert.equal(text, 'hello\n');

    assert.ok((await second.stop(created.value.id, 2)).ok);
    const inspected = await second.inspect(created.value.id);
    assert.ok(inspected.ok && inspected.value.state === 'exited');
    assert.equal(await isProcessAlive(started.value.pid, undefined), false);
    assert.ok((await second.remove(created.value.id)).ok);
  });

  void it('never writes a container\'s env (it may hold Secret values) to disk; an adopted container\'s exec still sees it', async () => {
    const secret = `s3cret-${process.pid}-value`;
    const first = createProcessRuntime({ dataDir });
    const created = await first.create(aContainer({ image: 'none', command: ['sh', '-c', 'while true; do sleep 0.1; done'], env: { API_KEY: secret }, labels: { app: 'env-adopt' } }));
    assert.ok(created.ok);
    const started = await first.start(created.value.id);
    assert.ok(started.ok && started.value.pid);
    pids.push(started.value.pid);
    await first.close();
    const { stdout: hits } = await promisify(execFile)('grep', ['-rl', secret, dataDir]).catch(() => ({ stdout: '' }));
    assert.equal(hits, '', 'the secret value is in no file under the runtime\'s data dir');

    const second = createProcessRuntime({ dataDir });
    const session = await second.exec(created.value.id, { command: ['sh', '-c', 'printf %s "$API_KEY"'] });
    assert.ok(session.ok);
    const [out] = await Promise.all([readAll(session.value.stdout), readAll(session.value.stderr)]);
    assert.equal(out, secret);
    assert.ok((await second.stop(created.value.id, 0)).ok);
    assert.ok((await second.remove(created.value.id)).ok);
    await second.close();
  });

  void it('keeps a container running after the agent that started it exits, and adopts it', async () => {
    const survivor = await startInAnotherAgent(dataDir);
    pids.push(survivor.pid);
    const runtime = createProcessRuntime({ dataDir });
    const [listed] = await runtime.list({ app: 'survivor' });
    assert.deepEqual([listed?.id, listed?.state], [survivor.id, 'running']);
    await waitFor('output written after the first agent exited', async () => {
      const logs = await runtime.logs(survivor.id, { tailLines: 1 });
      return logs.ok && (await readAll(logs.value)) === 'tick\n' ? true : undefined;
    });
    assert.ok((await runtime.stop(survivor.id, 1)).ok);
    await waitFor('the adopted process to be gone', async () => ((await isProcessAlive(survivor.pid, undefined)) ? undefined : true));
    const inspected = await runtime.inspect(survivor.id);
    assert.ok(inspected.ok && inspected.value.state === 'exited');
    await runtime.remove(survivor.id);
  });

  void it('requires an explicit command', async () => {
    const runtime = createProcessRuntime({ dataDir });
    const created = await runtime.create(aContainer({ image: 'tug-node:1' }));
    assert.ok(!created.ok && created.reason === 'CreateContainerError');
  });
});
