/**
 * `tug agent` in its own process joining `tug server`: the Node registers and turns Ready,
 * the scheduler binds a pod to it, and `kubectl logs` / `kubectl exec` reach it through
 * the apiserver over mutual TLS (apiserver client certificate; the agent's self-signed
 * serving certificate pinned on its Node). Uses the process runtime: no Docker needed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeProcessContainers, repoRoot, startTug, type TugCluster } from '../../support/cluster/index.js';
import { createProcessRuntime } from '../../../src/agent/runtime/index.js';
import { eventually, kubectlOk } from '../workloads/support.js';

const NODE = 'remote-1';
const POD = 'ticker';
const ANNOTATION = 'tugboat.io/agent-cert-sha256';

interface NodeView {
  metadata: { annotations?: Record<string, string> };
  status?: { conditions?: Array<{ type: string; status: string }>; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } };
}

void describe('standalone tug agent', () => {
  let cluster: TugCluster | undefined;
  let agent: ChildProcess | undefined;
  let agentExited: Promise<number | null> | undefined;
  let agentDir = '';
  let agentLog = '';

  const debug = () => `--- agent log ---\n${agentLog.slice(-3000)}\n--- server log ---\n${cluster?.logs().slice(-3000) ?? ''}`;

  void before(async () => {
    cluster = await startTug({ command: 'server' });
    agentDir = await mkdtemp(join(tmpdir(), 'tug-e2e-agent-'));
    agent = spawn(process.execPath, [
      join(repoRoot(), 'bin', 'tug.js'), 'agent', '--server', cluster.url, '--token', cluster.token,
      '--ca-file', join(cluster.dataDir, 'tls', 'ca.crt'), '--name', NODE, '--runtime', 'process', '--port', '0',
      '--data-dir', agentDir, '--log-level', 'debug', '--service-proxy', 'none',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => { agentLog += d.toString(); });
    agent.stderr?.on('data', (d: Buffer) => { agentLog += d.toString(); });
    const child = agent;
    agentExited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  });

  /** Host processes outlive their agent (like containers do): stop any the test left behind. */
  const stopLeftoverProcesses = () => removeProcessContainers(join(agentDir, 'process-runtime'));

  void after(async () => {
    if (cluster) await cluster.kubectl(['delete', 'pod', POD, '--grace-period=0', '--force', '--ignore-not-found', '--wait=false']).catch(() => undefined);
    if (agent && agent.exitCode === null && agent.signalCode === null) {
      agent.kill('SIGTERM');
      const hard = setTimeout(() => agent?.kill('SIGKILL'), 10_000);
      await agentExited;
      clearTimeout(hard);
    }
    await cluster?.dispose();
    if (agentDir) await stopLeftoverProcesses().catch(() => undefined);
    if (agentDir) await rm(agentDir, { recursive: true, force: true });
  });

  void it('registers its Node, Ready, with the agent endpoint and the certificate pin', async () => {
    const c = cluster!;
    const node = await eventually(`node ${NODE} Ready`, async () => {
      const r = await c.kubectl(['get', 'node', NODE, '-o', 'json']);
      if (r.code !== 0) return undefined;
      const view = JSON.parse(r.stdout) as NodeView;
      const ready = view.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
      return ready && view.status?.daemonEndpoints?.kubeletEndpoint?.Port ? view : undefined;
    }, { timeoutMs: 60_000, describe: async () => debug() });
    assert.match(node.metadata.annotations?.[ANNOTATION] ?? '', /^[0-9a-f]{64}$/);
  });

  void it('runs a pod bound to it by the scheduler; kubectl logs and exec reach it', async () => {
    const c = cluster!;
    const manifest = JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: POD },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'node:20', command: [process.execPath, '-e', "setInterval(()=>console.log('tick'),200)"] }] },
    });
    await kubectlOk(c, ['apply', '-f', '-'], manifest);
    await eventually('pod Running on remote-1', async () => {
      const r = await c.kubectl(['get', 'pod', POD, '-o', 'jsonpath={.spec.nodeName} {.status.phase}']);
      return r.stdout.trim() === `${NODE} Running` || undefined;
    }, { timeoutMs: 60_000, describe: async () => `${(await c.kubectl(['get', 'pod', POD, '-o', 'yaml'])).stdout}\n${debug()}` });

    const logs = await eventually('tick in the logs', async () => {
      const r = await c.kubectl(['logs', POD]);
      return r.code === 0 && r.stdout.includes('tick') ? r : undefined;
    }, { timeoutMs: 20_000, describe: async () => `${JSON.stringify(await c.kubectl(['logs', POD]))}\n${debug()}` });
    assert.match(logs.stdout, /^tick$/m);

    const hi = await c.kubectl(['exec', POD, '--', 'echo', 'hi']);
    assert.equal(hi.code, 0, `${hi.stderr}\n${debug()}`);
    assert.equal(hi.stdout.trim(), 'hi');
    const three = await c.kubectl(['exec', POD, '--', 'sh', '-c', 'exit 3']);
    assert.equal(three.code, 3, `${three.stdout}\n${three.stderr}`);
  });

  void it('stops the pod when it is deleted', async () => {
    const c = cluster!;
    await kubectlOk(c, ['delete', 'pod', POD, '--wait=true', '--timeout=30s']);
    const runtime = createProcessRuntime({ dataDir: join(agentDir, 'process-runtime') });
    try {
      assert.deepEqual((await runtime.list({})).filter((x) => x.state === 'running').map((x) => x.name), []);
    } finally {
      await runtime.close();
    }
  });

  void it('stops on SIGTERM', async () => {
    agent!.kill('SIGTERM');
    const code = await agentExited;
    assert.equal(code, 0, debug());
  });
});
