/**
 * The userspace L4 service proxy: `sync(table)` makes this host's listeners match the
 * ServiceTable and swaps every listener's endpoint set; the returned promise resolves when the
 * new table is in effect everywhere (listeners opened or closed, endpoint sets swapped), which
 * is the acknowledgement rollout sequencing waits for before stopping a removed endpoint.
 */
import type { ServiceTable } from '../types.js';
import { proxyDefaults } from '../defaults.js';
import { silentNetLogger, type NetLogger } from '../logger.js';
import { Balancer } from './balancer.js';
import { parseCidr } from '../../api/cidr.js';
import { ConnectionTracker, type EndpointConnections } from './connections.js';
import { planListeners, type ListenerSpec, type PlanProblem, type ProxyProtocol } from './plan.js';
import { listenTcp, type OpenListener } from './tcp-listener.js';
import { listenUdp } from './udp-listener.js';

export interface ProxyOptions {
  /** The host address NodePorts listen on (and the address endpoints on this host publish on). */
  nodeAddress: string;
  /**
   * ClusterIPs outside this IPv4 CIDR are not bound (reported as a problem instead). Every
   * address in it must be local: 127.0.0.0/8 is on Linux; for another range run
   * `ip route add local <cidr> dev lo`. Default `127.10.0.0/16`.
   */
  clusterIPRange?: string;
  logger?: NetLogger;
  now?: () => number;
  maxConnectTries?: number;
  connectTimeoutMs?: number;
  replayBufferBytes?: number;
  udpIdleTimeoutMs?: number;
}

export interface ListenerFailure {
  key: string;
  service: string;
  code: string;
  message: string;
}

export interface SyncResult {
  opened: string[];
  closed: string[];
  /** Listeners that could not bind; they are retried on the next sync. */
  failed: ListenerFailure[];
  problems: PlanProblem[];
}

export interface DrainEntry extends EndpointConnections {
  /** False when the endpoint no longer takes new connections: these connections are draining. */
  ready: boolean;
}

export interface DrainState {
  endpoints: DrainEntry[];
  /** Connections/flows to endpoints that left the ready set (or whose listener was removed). */
  draining: number;
  active: number;
}

export interface ListenerInfo {
  key: string;
  protocol: ProxyProtocol;
  address: string;
  port: number;
  service: string;
  portName: string;
  readyEndpoints: number;
}

export interface ServiceProxy {
  sync(table: ServiceTable): Promise<SyncResult>;
  drainState(): DrainState;
  listeners(): ListenerInfo[];
  /** Closes every listener; established TCP connections are left to finish. */
  close(): Promise<void>;
}

interface RunningListener {
  spec: ListenerSpec;
  balancer: Balancer;
  handle: OpenListener;
}

export function createProxy(options: ProxyOptions): ServiceProxy {
  const logger = options.logger ?? silentNetLogger;
  const now = options.now ?? Date.now;
  const rangeText = options.clusterIPRange ?? proxyDefaults.clusterIPRange;
  const clusterIPRange = parseCidr(rangeText);
  if (!clusterIPRange) throw new Error(`invalid clusterIPRange ${rangeText}`);
  const tracker = new ConnectionTracker();
  const running = new Map<string, RunningListener>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  async function open(spec: ListenerSpec): Promise<RunningListener> {
    const balancer = new Balancer(now);
    balancer.update(spec.readyEndpoints, spec.affinity);
    const common = { balancer, tracker, service: spec.service, portName: spec.portName, logger };
    const handle = spec.protocol === 'TCP'
      ? await listenTcp(spec.address, spec.port, {
        ...common,
        maxConnectTries: options.maxConnectTries ?? proxyDefaults.maxConnectTries,
        connectTimeoutMs: options.connectTimeoutMs ?? proxyDefaults.connectTimeoutMs,
        replayBufferBytes: options.replayBufferBytes ?? proxyDefaults.replayBufferBytes,
      })
      : await listenUdp(spec.address, spec.port, { ...common, now, idleTimeoutMs: options.udpIdleTimeoutMs ?? proxyDefaults.udpIdleTimeoutMs });
    return { spec, balancer, handle };
  }

  async function apply(table: ServiceTable): Promise<SyncResult> {
    if (closed) throw new Error('proxy is closed');
    const plan = planListeners(table, { nodeAddress: options.nodeAddress, clusterIPRange });
    const result: SyncResult = { opened: [], closed: [], failed: [], problems: plan.problems };
    for (const [key, listener] of running) {
      if (plan.listeners.has(key)) continue;
      listener.handle.close();
      running.delete(key);
      result.closed.push(key);
    }
    // Endpoint-set swaps are synchronous, so they are in effect before any new bind is awaited.
    for (const [key, spec] of plan.listeners) {
      const listener = running.get(key);
      if (!listener) continue;
      listener.spec = spec;
      listener.balancer.update(spec.readyEndpoints, spec.affinity);
    }
    const toOpen = [...plan.listeners.values()].filter((spec) => !running.has(spec.key));
    const outcomes = await Promise.allSettled(toOpen.map(open));
    outcomes.forEach((outcome, i) => {
      const spec = toOpen[i];
      if (outcome.status === 'fulfilled') {
        running.set(spec.key, outcome.value);
        result.opened.push(spec.key);
      } else {
        const err = outcome.reason as NodeJS.ErrnoException;
        result.failed.push({ key: spec.key, service: spec.service, code: err.code ?? 'UNKNOWN', message: err.message });
        logger.warn({ listener: spec.key, service: spec.service, err: err.message }, 'service listener failed to bind');
      }
    });
    if (result.opened.length || result.closed.length) logger.info({ opened: result.opened.length, closed: result.closed.length, listeners: running.size }, 'service proxy synced');
    return result;
  }

  function drainState(): DrainState {
    const byPort = new Map<string, Balancer>();
    for (const { spec, balancer } of running.values()) byPort.set(`${spec.protocol}|${spec.service}|${spec.portName}`, balancer);
    const endpoints: DrainEntry[] = tracker.entries().map((entry) => {
      const balancer = byPort.get(`${entry.protocol}|${entry.service}|${entry.portName}`);
      return { ...entry, ready: balancer?.isReady(entry.endpoint) ?? false };
    });
    const draining = endpoints.filter((e) => !e.ready).reduce((n, e) => n + e.connections, 0);
    const active = endpoints.reduce((n, e) => n + e.connections, 0);
    return { endpoints, draining, active };
  }

  return {
    sync(table) {
      // Syncs apply in call order; each caller waits for its own table to be in effect.
      const next = queue.then(() => apply(table));
      queue = next.catch(() => undefined);
      return next;
    },
    drainState,
    listeners: () => [...running.values()].map(({ spec, balancer }) => ({
      key: spec.key, protocol: spec.protocol, address: spec.address, port: spec.port,
      service: spec.service, portName: spec.portName, readyEndpoints: balancer.readyCount,
    })),
    async close() {
      await queue;
      closed = true;
      for (const listener of running.values()) listener.handle.close();
      running.clear();
    },
  };
}
