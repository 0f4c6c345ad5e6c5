import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import { toContainerSpec } from '../../../src/agent/container-spec.js';
import { containerNameFor, openPodExec, openPodLogs } from '../../../src/agent/pod-streams.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import type { Runtime } from '../../../src/agent/runtime/runtime.js';
import { aContainerSpec, aPod } from './builders.js';

async function run(runtime: Runtime, pod: Pod, attempt: number, env: Record<string, string> = {}): Promise<string> {
  const spec = toContainerSpec({ pod, container: pod.spec.containers[0], kind: 'regular', attempt, restartBackoffMs: 0, env, nodeName: 'n1', hostIP: '127.0.0.1', dataDir: '/tmp' });
  const created = await runtime.create({ ...spec, command: ['server', `attempt-${attempt}`] });
  assert.ok(created.ok);
  await runtime.start(created.value.id);
  return created.value.id;
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

void describe('pod logs and exec', () => {
  void it('needs a container name when the pod has several', () => {
    const pod = aPod({ containers: [aContainerSpec('app'), aContainerSpec('side')] });
    assert.deepEqual(containerNameFor(pod, undefined), { ok: false, reason: 'BadRequest', message: 'a container name must be specified for pod web, choose one of: [app side]' });
    assert.deepEqual(containerNameFor(pod, 'side'), { ok: true, value: 'side' });
    assert.equal(containerNameFor(pod, 'nope').ok, false);
  });

  void it('reads the newest attempt, or the previous one, with a byte limit', async () => {
    const runtime = createHollowRuntime();
    const pod = aPod();
    const first = await run(runtime, pod, 0);
    await runtime.stop(first, 0);
    await run(runtime, pod, 1);
    const current = await openPodLogs(runtime, pod, {}, Date.now());
    assert.ok(current.ok);
    assert.match(await text(current.value), /attempt-1/);
    const previous = await openPodLogs(runtime, pod, { previous: true }, Date.now());
    assert.ok(previous.ok);
    assert.match(await text(previous.value), /attempt-0/);
    const limited = await openPodLogs(runtime, pod, { limitBytes: 7 }, Date.now());
    assert.ok(limited.ok);
    assert.equal(await text(limited.value), 'hollow:');
  });

  void it('says so when there is no previous container or none started yet', async () => {
    const runtime = createHollowRuntime();
    const pod = aPod();
    assert.deepEqual(await openPodLogs(runtime, pod, {}, 0), { ok: false, reason: 'BadRequest', message: 'container "app" in pod "web" is waiting to start: ContainerCreating' });
    await run(runtime, pod, 0);
    assert.deepEqual(await openPodLogs(runtime, pod, { previous: true }, 0), { ok: false, reason: 'NotFound', message: 'previous terminated container "app" in pod "web" not found' });
  });

  void it('execs in the running container', async () => {
    const runtime = createHollowRuntime();
    const pod = aPod();
    await run(runtime, pod, 0);
    const session = await openPodExec(runtime, pod, { command: ['echo', 'hi'] });
    assert.ok(session.ok);
    assert.equal(await text(session.value.stdout), 'hi\n');
    assert.equal(await session.value.exitCode, 0);
  });
});
