/**
 * Hollow agents for multi-node tests: real agents (src/agent) in the test process, each
 * with the in-memory hollow runtime and its own HTTPS client, so a `tug server` sees N
 * registered, heartbeating nodes without Docker. Containers "start" instantly.
 *
 *   const agents = await startHollowAgents(3, { url, caPem, token });
 *   after(() => agents.stop());
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAgent, type Agent } from '../../../src/agent/index.js';
import { createHollowRuntime, type Runtime } from '../../../src/agent/runtime/index.js';
import { resourceByKind } from '../../../src/api/resources.js';
import { createHttpClient, openHeartbeatChannel, type HeartbeatChannel, type HttpApiClient } from '../../../src/client/index.js';

const NODES = resourceByKind('v1', 'Node')!;

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface HollowAgentOptions {
  url: string;
  caPem: string;
  token: string;
  /** Node names are `${prefix}-${i}` (i from 0); default `hollow`. */
  prefix?: string;
  /** Extra labels for every node, or per node index. */
  labels?: Record<string, string> | ((index: number) => Record<string, string>);
  /** Taints for every node, or per node index; patched onto the Node after registration. */
  taints?: Taint[] | ((index: number) => Taint[]);
}

export interface HollowAgents {
  nodeNames: string[];
  /** One client shared by the test for its own calls (closed by stop()). */
  client: HttpApiClient;
  /** Stops every agent, closes clients and removes temp dirs. Safe to call twice. */
  stop(): Promise<void>;
}

interface Running {
  agent: Agent;
  runtime: Runtime;
  client: HttpApiClient;
  channel: HeartbeatChannel;
}

export async function startHollowAgents(count: number, options: HollowAgentOptions): Promise<HollowAgents> {
  const prefix = options.prefix ?? 'hollow';
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-hollow-'));
  const abort = new AbortController();
  const running: Running[] = [];
  const shared = createHttpClient({ server: options.url, caPem: options.caPem, token: options.token, userAgent: 'tug-e2e' });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    abort.abort();
    await Promise.all(running.map(async ({ agent, runtime, client, channel }) => {
      await agent.done.catch(() => undefined);
      channel.close();
      await runtime.close();
      await client.close();
    }));
    await shared.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const pick = <T>(value: T | ((i: number) => T) | undefined, i: number): T | undefined =>
    typeof value === 'function' ? (value as (i: number) => T)(i) : value;

  const nodeNames = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  try {
    for (const [i, nodeName] of nodeNames.entries()) {
      const client = createHttpClient({ server: options.url, caPem: options.caPem, token: options.token, userAgent: `tug-agent/${nodeName}` });
      // Renewals go over the heartbeat channel, as `tug agent`'s do.
      const channel = openHeartbeatChannel({ server: options.url, caPem: options.caPem, token: options.token, nodeName });
      const runtime = createHollowRuntime();
      const agent = startAgent({
        client, runtime, nodeName, signal: abort.signal, heartbeatChannel: channel,
        // Each hollow node gets its own loopback address, as distinct hosts would have.
        address: `127.0.10.${i + 1}`,
        labels: pick(options.labels, i),
        dataDir: join(dataDir, nodeName),
      });
      running.push({ agent, runtime, client, channel });
    }
    await Promise.all(running.map((r) => r.agent.ready));
    for (const [i, nodeName] of nodeNames.entries()) {
      const taints = pick(options.taints, i);
      if (taints?.length) await shared.patch(NODES, undefined, nodeName, { type: 'merge', body: { spec: { taints } } });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodeNames, client: shared, stop };
}
