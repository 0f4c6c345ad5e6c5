/**
 * startAgent: the node agent's wiring (architecture.md §6). It registers the Node,
 * heartbeats (Lease + conditions), watches the pods bound here, and runs one pod worker
 * per pod key through a work queue (never two syncs of one pod at once). The runtime has
 * no event stream, so a relist every second notices container exits, like kubelet's PLEG.
 * At start it adopts the containers of pods still bound here and sweeps the rest.
 */
import type { ApiClient } from '../client/types.js';
import { realClock, sleep, type Clock, type TimerHandle } from '../client/clock.js';
import { createInformer, type Informer } from '../client/informer.js';
import { createWorkQueue } from '../client/workqueue.js';
import { runWorkers } from '../client/workers.js';
import { objectKey } from '../client/cache.js';
import type { Runtime } from './runtime/runtime.js';
import { AGENT_DEFAULTS } from './defaults.js';
import { silentLogger, type AgentLogger } from './logger.js';
import { createAgentEventRecorder } from './events.js';
import { createProberManager } from './probes/prober.js';
import { createPodWorkers } from './pod-worker.js';
import { createVolumeManager, startVolumeLoops } from './volumes/index.js';
import { PODS } from './actions.js';
import type { HeartbeatChannel } from '../client/heartbeat-channel.js';
import { createNodeHeartbeat, jittered, readHeartbeatSettings, type NodeHeartbeat } from './heartbeat.js';
import { readHostFacts, readHostReadings } from './node/host-facts.js';
import { classifyContainers } from './orphans.js';
import { MANAGED_SELECTOR, identityOf } from './container-labels.js';
import type { Pod } from './pod/pod-types.js';
import { certificateFingerprint256 } from '../pki/certificates.js';
import { startAgentServer, publishAgentEndpoint, type AgentServer, type AgentServerOptions } from './server/index.js';
import { createFence, graceFromSettings, type Fence } from './fencing/index.js';
import { join } from 'node:path';
import { BEATS_PER_GRACE, parseHeartbeatPeriod } from '../api/heartbeat-settings.js';
import { withPodDns, type NodeNetwork } from './network/index.js';
import { TERMINATION_GATE_DEFAULTS } from './termination-gate/index.js';
import { runVolumeReclaimer } from './storage/index.js';

/** The agent's HTTPS endpoint for logs/exec (listens on `address`). */
export type AgentEndpointOptions = Pick<AgentServerOptions, 'port' | 'tls' | 'clientCaPem' | 'fallbackToAnyPort'>;

export interface AgentOptions {
  client: ApiClient;
  runtime: Runtime;
  nodeName: string;
  /** The host address: Node InternalIP, hostIP/podIP, where ports are published. */
  address: string;
  labels?: Record<string, string>;
  dataDir: string;
  clock?: Clock;
  logger?: AgentLogger;
  signal: AbortSignal;
  heartbeatPeriodMs?: number;
  /** True for the agent embedded in `tug up` (adds the control-plane role label). */
  controlPlane?: boolean;
  /** Pod workers running at once (different pods). */
  concurrency?: number;
  random?: () => number;
  /** Serve pods/log and pods/exec for the apiserver; the bound port is published on the Node. */
  server?: AgentEndpointOptions;
  /**
   * The node's Services component (src/agent/network: proxy + cluster DNS), started by the
   * caller, which also closes it. Containers get the cluster DNS as resolver through it.
   */
  network?: NodeNetwork;
  /** Renew the node Lease over this channel (src/client/heartbeat-channel.ts) rather than a PUT per beat. */
  heartbeatChannel?: HeartbeatChannel;
}

export interface Agent {
  /** Resolves once the Node is registered, pods are listed and adoption ran (or the signal aborted first); rejects if start-up failed. */
  ready: Promise<void>;
  /** Resolves after the signal aborted and every loop ended. */
  done: Promise<void>;
  /** Runs one relist + orphan sweep now (tests, and `tug` debugging). */
  relist(): Promise<void>;
  sweepOrphans(): Promise<void>;
  /** The agent server's bound port, once it listens (undefined without `server`). */
  serverPort(): number | undefined;
}

export function startAgent(options: AgentOptions): Agent {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const random = options.random ?? Math.random;
  const { client, nodeName, signal } = options;
  const network = options.network;
  // dnsPolicy lives on the pod: the runtime wrapper looks it up in the pod cache by the container's labels.
  const runtime = network
    ? withPodDns(options.runtime, async (namespace, name) => {
      const pod = informer?.cache.get(`${namespace}/${name}`) as { spec?: { dnsPolicy?: string; dnsConfig?: never } } | undefined;
      return network.podDns({ namespace, dnsPolicy: pod?.spec?.dnsPolicy, dnsConfig: pod?.spec?.dnsConfig });
    })
    : options.runtime;
  const queue = createWorkQueue({ clock });
  const recorder = createAgentEventRecorder({ client, clock, nodeName, logger });
  const prober = createProberManager({ runtime, clock, onResult: (key) => queue.add(key) });
  const timers = new Set<TimerHandle>();
  let informer: Informer<Pod> | undefined;
  let runtimeName = 'docker';
  let endpoint: AgentServer | undefined;
  // Fencing: the grace is the server's (published with the heartbeat period), re-read with it.
  let nodeHeartbeat: NodeHeartbeat | undefined;
  let fenceGraceMs = (options.heartbeatPeriodMs ?? AGENT_DEFAULTS.heartbeatPeriodMs) * BEATS_PER_GRACE;
  const fence: Fence = createFence({
    client, runtime, clock, logger, nodeName, agentDir: options.dataDir, signal,
    graceMs: () => fenceGraceMs,
    cachedPods: () => informer?.cache.list() ?? [],
    cacheSynced: () => informer?.hasSynced() ?? false,
    memoryFile: join(options.dataDir, 'fencing.json'),
    onRecovered: () => {
      nodeHeartbeat?.reportNextBeat(); // the server marked the node Ready=Unknown meanwhile
      for (const pod of informer?.cache.list() ?? []) queue.add(objectKey(pod));
    },
  });
  const volumes = createVolumeManager({ client, dataDir: options.dataDir, hostIP: options.address, clock, logger });
  const workers = createPodWorkers({
    client, runtime, get runtimeName() { return runtimeName; }, clock, logger, recorder, prober, nodeName,
    hostIP: options.address, dataDir: options.dataDir,
    getPod: (key) => informer?.cache.get(key),
    fence, volumes,
  });

  /** Runs `fn` every `periodMs` (from `delay()`), until the signal aborts. */
  function every(delay: () => number, fn: () => Promise<void>, what: string): void {
    const schedule = () => {
      if (signal.aborted) return;
      const handle = clock.setTimeout(() => {
        timers.delete(handle);
        fn().catch((err: unknown) => logger.warn({ err, node: nodeName }, `${what} failed`)).finally(schedule);
      }, delay());
      timers.add(handle);
    };
    schedule();
  }

  let lastFingerprint = new Map<string, string>();
  async function relist(): Promise<void> {
    const fingerprint = new Map<string, string>();
    for (const c of await runtime.list(MANAGED_SELECTOR)) {
      const uid = identityOf(c)?.podUid;
      if (uid) fingerprint.set(uid, `${fingerprint.get(uid) ?? ''}${c.id}:${c.state};`);
    }
    for (const uid of new Set([...fingerprint.keys(), ...lastFingerprint.keys()])) {
      if (fingerprint.get(uid) === lastFingerprint.get(uid)) continue;
      const key = workers.keyOfUid(uid);
      if (key) queue.add(key);
    }
    lastFingerprint = fingerprint;
  }

  async function sweepOrphans(): Promise<void> {
    if (!informer?.hasSynced()) return; // before the first list every container would look orphaned
    if (fence.fenced()) return; // the cache is stale; the fence's recovery sweeps from a fresh list
    const podsByUid = new Map(informer.cache.list().map((p) => [p.metadata.uid ?? '', p]));
    const { adopt, orphans } = classifyContainers(await runtime.list(MANAGED_SELECTOR), podsByUid, nodeName, options.dataDir);
    for (const key of adopt) queue.add(key);
    for (const c of orphans) {
      logger.info({ node: nodeName, container: c.name, pod: `${identityOf(c)?.podNamespace}/${identityOf(c)?.podName}` }, 'removing orphaned container');
      if (c.state === 'running') await runtime.stop(c.id, AGENT_DEFAULTS.orphanStopGraceSeconds);
      await runtime.remove(c.id);
    }
    await volumes.sweep(new Set(podsByUid.keys()));
  }

  async function run(): Promise<void> {
    const info = await runtime.info();
    runtimeName = info.ok ? info.value.name : 'docker';
    const facts = await readHostFacts({ address: options.address, dataDir: options.dataDir, containerRuntimeVersion: info.ok ? `${info.value.name}://${info.value.version}` : 'unknown://' });
    const heartbeat = createNodeHeartbeat({
      client, clock, runtime, logger, nodeName, facts, labels: options.labels, controlPlane: options.controlPlane,
      leaseDurationSeconds: AGENT_DEFAULTS.leaseDurationSeconds,
      readHostReadings: (runtimeReady, runtimeMessage) => readHostReadings({ dataDir: options.dataDir, runtimeReady, runtimeMessage }),
      onLeaseRenewed: (sentAtMs) => fence.renewed(sentAtMs),
      ...(network ? { proxyRevision: () => network.appliedRevision() } : {}),
      ...(options.heartbeatChannel ? { channel: options.heartbeatChannel } : {}),
    });
    nodeHeartbeat = heartbeat;
    if (options.server) {
      endpoint = await startAgentServer({
        ...options.server, host: options.address, runtime, logger,
        getPod: async (namespace, name) => {
          const cached = informer?.cache.get(`${namespace}/${name}`);
          if (cached) return cached;
          const pod = await client.get<Pod>(PODS, namespace, name).catch(() => undefined);
          return pod?.spec.nodeName === nodeName ? pod : undefined;
        },
      });
    }
    await untilDone(() => heartbeat.register(), 'node registration');
    const port = endpoint?.port;
    const pin = options.server ? certificateFingerprint256(options.server.tls.certPem) : undefined;
    if (port !== undefined) await untilDone(() => publishAgentEndpoint(client, nodeName, port, pin), 'publishing the agent endpoint');
    // Beats start one period apart, however long each took (the period is start to start).
    let beatStartedAt = clock.now();
    await heartbeat.beat().catch((err: unknown) => logger.warn({ err, node: nodeName }, 'heartbeat failed'));
    if (signal.aborted) return;
    // The server chooses the period and the grace (kube-node-lease/tugboat-heartbeat, one read for
    // both); an explicit period option wins.
    let period = options.heartbeatPeriodMs ?? AGENT_DEFAULTS.heartbeatPeriodMs;
    const applySettings = (data: Record<string, string> | undefined) => {
      if (options.heartbeatPeriodMs === undefined) period = parseHeartbeatPeriod(data) ?? period;
      fenceGraceMs = graceFromSettings(data, fenceGraceMs);
    };
    applySettings(await readHeartbeatSettings(client).catch(() => undefined));
    // A beat stuck on a dead connection (heartbeat.ts STUCK_RENEWAL_MS) must not hold the next one back.
    const untilNextBeat = () => Math.max(0, jittered(period, AGENT_DEFAULTS.heartbeatJitterFraction, random) - (clock.now() - beatStartedAt));
    every(untilNextBeat, async () => {
      beatStartedAt = clock.now();
      const beat = heartbeat.beat().catch((err: unknown) => logger.warn({ err, node: nodeName }, 'heartbeat failed'));
      const waited = new AbortController();
      await Promise.race([beat, sleep(clock, period, waited.signal)]);
      waited.abort();
    }, 'heartbeat');
    // The proxy's acknowledgement reaches deleting agents within ~100 ms, not one heartbeat (termination-gate).
    if (network) every(() => TERMINATION_GATE_DEFAULTS.publishRevisionEveryMs, heartbeat.publishProxyRevision, 'proxy revision publish');
    every(() => AGENT_DEFAULTS.heartbeatSettingsRefreshMs, async () => applySettings(await readHeartbeatSettings(client)), 'heartbeat settings refresh');

    informer = createInformer<Pod>(client, PODS, { fieldSelector: `spec.nodeName=${nodeName}`, clock, onError: (err) => logger.warn({ err, node: nodeName }, 'pod watch failed') });
    const enqueue = (pod: Pod) => queue.add(objectKey(pod));
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, pod) => enqueue(pod), onDelete: enqueue });
    const informerDone = informer.run(signal);
    if (!(await informer.waitForSync(signal))) { await informerDone; return; }
    await sweepOrphans();
    logger.info({ node: nodeName, pods: informer.cache.size, runtime: runtimeName }, 'agent ready');
    every(() => AGENT_DEFAULTS.relistPeriodMs, relist, 'relist');
    every(() => AGENT_DEFAULTS.orphanSweepPeriodMs, sweepOrphans, 'orphan sweep');
    startVolumeLoops({ manager: volumes, clock, logger, signal, listPods: () => informer?.cache.list() ?? [], enqueue: (key) => queue.add(key) });
    const loops = runWorkers(queue, options.concurrency ?? AGENT_DEFAULTS.podWorkers, (key) => workers.sync(key), signal, {
      onError: (key, err) => logger.warn({ err, pod: key }, 'pod sync failed'),
    });
    const reclaimer = runVolumeReclaimer({ client, nodeName, clock, logger, signal });
    readyResolve();
    await Promise.all([informerDone, loops, reclaimer]);
  }

  /** Retries `fn` with doubling waits (1 s … 30 s) until it succeeds or the agent stops. */
  async function untilDone(fn: () => Promise<unknown>, what: string): Promise<void> {
    for (let waitMs = 1_000; !signal.aborted; waitMs = Math.min(waitMs * 2, 30_000)) {
      try { await fn(); return; } catch (err) { logger.warn({ err, node: nodeName, retryInMs: waitMs }, `${what} failed`); }
      await sleep(clock, waitMs, signal);
    }
  }

  let readyResolve!: () => void;
  let readyReject!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => { readyResolve = resolve; readyReject = reject; });
  ready.catch(() => {}); // a caller that never awaits ready still sees the failure through done
  signal.addEventListener('abort', () => {
    readyResolve();
    for (const t of timers) clock.clearTimeout(t);
    timers.clear();
    prober.stopAll();
  }, { once: true });
  const done = run().catch((err: unknown) => { readyReject(err); throw err; }).finally(async () => {
    prober.stopAll();
    await endpoint?.close();
    await recorder.flush();
    await volumes.close().catch(() => undefined);
  });
  return { ready, done, relist, sweepOrphans, serverPort: () => endpoint?.port };
}
