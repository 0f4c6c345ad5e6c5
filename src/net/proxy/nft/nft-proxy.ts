/**
 * Kernel-forwarding service proxy: the same `ServiceProxy` interface, implemented by loading an
 * nftables ruleset (DNAT per listener). Each sync replaces our table atomically; `sync()`
 * resolves once `nft` has committed the transaction, so new connections use the new endpoint
 * set from then on, while conntrack keeps established connections on their old endpoint
 * (kernel-side draining).
 *
 * Differences from the userspace proxy, by construction: no retry of a refused endpoint, no
 * ClientIP affinity (reported as a problem), and `drainState()` cannot count connections (it
 * would need conntrack), so it reports nothing; callers wait a grace period instead. Needs
 * CAP_NET_ADMIN and the `nft` binary. It changes the netfilter state of the network namespace
 * it runs in, so tests run it inside a private namespace (`unshare -n`).
 */
import { spawn } from 'node:child_process';
import type { ServiceTable } from '../../types.js';
import { proxyDefaults } from '../../defaults.js';
import { silentNetLogger, type NetLogger } from '../../logger.js';
import { parseCidr } from '../../../api/cidr.js';
import { planListeners, type ListenerSpec } from '../plan.js';
import type { ListenerInfo, ServiceProxy, SyncResult } from '../proxy.js';
import { renderNftDelete, renderNftRuleset } from './ruleset.js';

export type NftOutcome = { ok: true } | { ok: false; message: string };

export interface NftProxyOptions {
  nodeAddress: string;
  clusterIPRange?: string;
  /** nftables table owned by this proxy; default `tugboat`. */
  tableName?: string;
  /** Runs an nft script; default spawns `nft -f -`. Injected in tests of the shell. */
  runNft?: (script: string) => Promise<NftOutcome>;
  logger?: NetLogger;
}

export function runNftBinary(script: string): Promise<NftOutcome> {
  return new Promise((resolve) => {
    const child = spawn('nft', ['-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (err) => resolve({ ok: false, message: err.message }));
    child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, message: stderr.trim() || `nft exited ${code}` }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
  });
}

export function createNftProxy(options: NftProxyOptions): ServiceProxy {
  const logger = options.logger ?? silentNetLogger;
  const tableName = options.tableName ?? 'tugboat';
  const runNft = options.runNft ?? runNftBinary;
  const rangeText = options.clusterIPRange ?? proxyDefaults.clusterIPRange;
  const clusterIPRange = parseCidr(rangeText);
  if (!clusterIPRange) throw new Error(`invalid clusterIPRange ${rangeText}`);
  let current = new Map<string, ListenerSpec>();
  let queue: Promise<unknown> = Promise.resolve();

  async function apply(table: ServiceTable): Promise<SyncResult> {
    const plan = planListeners(table, { nodeAddress: options.nodeAddress, clusterIPRange });
    const problems = [...plan.problems];
    for (const spec of plan.listeners.values()) {
      if (spec.affinity.kind === 'ClientIP') problems.push({ service: spec.service, portName: spec.portName, reason: 'UnsupportedFeature', message: 'ClientIP affinity is not implemented by the nftables proxy' });
    }
    const outcome = await runNft(renderNftRuleset(plan, tableName));
    if (!outcome.ok) {
      logger.warn({ err: outcome.message }, 'nftables sync failed');
      return { opened: [], closed: [], failed: [{ key: `nft/${tableName}`, service: '', code: 'NFT_FAILED', message: outcome.message }], problems };
    }
    const opened = [...plan.listeners.keys()].filter((k) => !current.has(k));
    const closed = [...current.keys()].filter((k) => !plan.listeners.has(k));
    current = plan.listeners;
    return { opened, closed, failed: [], problems };
  }

  return {
    sync(table) {
      const next = queue.then(() => apply(table));
      queue = next.catch(() => undefined);
      return next;
    },
    drainState: () => ({ endpoints: [], draining: 0, active: 0 }),
    listeners: (): ListenerInfo[] => [...current.values()].map((spec) => ({
      key: spec.key, protocol: spec.protocol, address: spec.address, port: spec.port,
      service: spec.service, portName: spec.portName, readyEndpoints: spec.readyEndpoints.length,
    })),
    async close() {
      await queue;
      current = new Map();
      const outcome = await runNft(renderNftDelete(tableName));
      if (!outcome.ok) logger.warn({ err: outcome.message }, 'removing the nftables table failed');
    },
  };
}
