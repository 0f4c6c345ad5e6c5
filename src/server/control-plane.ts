/**
 * The control-plane post-start hook: controllers and the scheduler, each an API client of
 * the server they run beside (they never touch the store). A single process leads today;
 * the HA work will gate this hook on a Lease.
 */
import { createInformerFactory, realClock } from '../client/index.js';
import { setMaxListeners } from 'node:events';
import {
  createDaemonSetController, createDeploymentController, createEndpointsController, createEventRecorder, createGarbageCollector, createJobController,
  createConfigRolloutController, createNamespaceController, createNodeLifecycleController, createReplicaSetController,
  createStatefulSetController, createServiceAccountController, alwaysLeader, runWhileLeader, type LeaderElector, type Controller, type ControllerContext,
} from '../controllers/index.js';
import { createScheduler } from '../scheduler/index.js';
import { createVolumeController } from '../controllers/volume/index.js';
import { createNetworkPublisher, createServiceLbController } from '../controllers/servicelb/index.js';
import { networkSettingsFor, type ClusterNetworkSettings } from '../net/network-settings.js';
import type { StorageSettings } from '../apiserver/storage-bootstrap.js';
import { inProcessClient, type PostStartHook } from './hooks.js';


export type ControllerFactory = (ctx: ControllerContext) => Controller;

/** Every controller `tug server` runs, in start order. */
export const CONTROLLERS: Record<string, ControllerFactory> = {
  replicaset: (ctx) => createReplicaSetController(ctx),
  deployment: (ctx) => createDeploymentController(ctx),
  daemonset: (ctx) => createDaemonSetController(ctx),
  statefulset: (ctx) => createStatefulSetController(ctx),
  'config-rollout': (ctx) => createConfigRolloutController(ctx),
  job: (ctx) => createJobController(ctx),
  'garbage-collector': (ctx) => createGarbageCollector(ctx),
  namespace: (ctx) => createNamespaceController(ctx),
  'node-lifecycle': (ctx) => createNodeLifecycleController(ctx),
  endpoints: (ctx) => createEndpointsController(ctx),
  serviceaccount: (ctx) => createServiceAccountController(ctx, { caPem: ctx.caPem ?? '' }),
  persistentvolume: (ctx) => createVolumeController(ctx),
  servicelb: (ctx) => createServiceLbController(ctx),
  'cluster-network': (ctx) => createNetworkPublisher(ctx, DEFAULT_NETWORK),
  scheduler: (ctx) => createScheduler(ctx),
};

/** Publishes the default service network (10.43.0.0/16, cluster.local) unless `withNetwork` says otherwise. */
const DEFAULT_NETWORK: ClusterNetworkSettings = (() => {
  const result = networkSettingsFor({});
  if (!result.ok) throw new Error(result.message);
  return result.settings;
})();

/** `factories` publishing `settings` (from `--service-cidr`/`--cluster-domain`) for agents. */
export function withNetwork(factories: Record<string, ControllerFactory>, settings: ClusterNetworkSettings): Record<string, ControllerFactory> {
  return { ...factories, 'cluster-network': (ctx) => createNetworkPublisher(ctx, settings) };
}

/** CONTROLLERS with the volume controller using the server's storage flags. */
export function controllersWithStorage(settings: StorageSettings): Record<string, ControllerFactory> {
  return { ...CONTROLLERS, persistentvolume: (ctx) => createVolumeController(ctx, settings) };
}

export function controlPlaneHook(factories: Record<string, ControllerFactory> = CONTROLLERS, elector: LeaderElector = alwaysLeader()): PostStartHook {
  return {
    name: 'control-plane',
    async start(context) {
      const { logger, signal } = context;
      const client = inProcessClient(context, 'tug-controller-manager');
      const log = logger.child({ component: 'controller-manager' });
      const clock = realClock;
      const informers = createInformerFactory(client, {
        clock, onError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'informer error'),
      });
      const events = createEventRecorder({
        client, clock, component: 'tug-controller-manager',
        onError: (err) => log.debug({ err: err instanceof Error ? err.message : String(err) }, 'event not recorded'),
      });
      const ctx: ControllerContext = { client, informers, clock, logger: log, events, caPem: context.caPem };
      const controllers = Object.entries(factories).map(([name, make]) => ({ name, controller: make(ctx) }));
      const abort = new AbortController();
      // Every informer and worker listens on this one signal.
      setMaxListeners(0, abort.signal);
      signal.addEventListener('abort', () => abort.abort(), { once: true });
      informers.start(abort.signal);
      const running = runWhileLeader(elector, abort.signal, async (leading) => {
        if (!(await informers.waitForSync(leading))) return;
        log.info({ controllers: controllers.map((c) => c.name) }, 'caches synced; controllers running');
        await Promise.all(controllers.map(({ name, controller }) => controller.run(leading).catch((err) =>
          log.error({ controller: name, err: err instanceof Error ? err.message : String(err) }, 'controller stopped with an error'))));
      });
      return {
        async stop() {
          abort.abort();
          await running;
          await client.close();
        },
      };
    },
  };
}
