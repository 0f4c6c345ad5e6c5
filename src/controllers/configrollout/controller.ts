/**
 * Config-rollout controller shell: watches Deployments, StatefulSets, DaemonSets, ConfigMaps
 * and Secrets; when a workload's template or a config object it reads changes, writes
 * decideConfigRollout()'s hash into the workload's pod template annotation. Events and logs
 * carry the hash only, never config values.
 */
import { resourceByKind, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isNotFound, type Informer } from '../../client/index.js';
import { canonical } from '../deployment/hash.js';
import { queueController, splitKey, type Controller, type ControllerContext } from '../runtime/controller.js';
import { CONFIG_HASH_ANNOTATION, CONFIG_HASH_APPLIED_ANNOTATION, decideConfigRollout, type ConfigLookup } from './decide.js';
import { configReferences, refersTo, type ConfigKind } from './refs.js';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
type WorkloadKind = typeof WORKLOAD_KINDS[number];

/** Queue keys are `Kind:namespace/name`: one queue serves three workload kinds. */
function workloadKey(kind: WorkloadKind, obj: KubeObject): string {
  return `${kind}:${obj.metadata.namespace}/${obj.metadata.name}`;
}

export function createConfigRolloutController(ctx: ControllerContext, workers = 1): Controller {
  const resources = new Map<WorkloadKind, ResourceInfo>(WORKLOAD_KINDS.map((k) => [k, resourceByKind('apps/v1', k)!]));
  const workloads = new Map<WorkloadKind, Informer>(WORKLOAD_KINDS.map((k) => [k, ctx.informers.informerFor(resources.get(k)!)]));
  const configMaps = ctx.informers.informerFor(resourceByKind('v1', 'ConfigMap')!);
  const secrets = ctx.informers.informerFor(resourceByKind('v1', 'Secret')!);
  for (const informer of workloads.values()) if (!informer.cache.hasIndexer('namespace')) informer.addIndexer('namespace', byNamespace);
  const log = ctx.logger.child({ controller: 'configrollout' });

  const sync = async (key: string) => {
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon) as WorkloadKind;
    const { namespace, name } = splitKey(key.slice(colon + 1));
    const workload = workloads.get(kind)?.cache.get(`${namespace}/${name}`);
    if (!workload) return;
    const lookup: ConfigLookup = (ref) => (ref.kind === 'ConfigMap' ? configMaps : secrets).cache.get(`${namespace}/${ref.name}`);
    const decision = decideConfigRollout(workload, lookup);
    if (decision.hash === undefined) return;
    try {
      // resourceVersion makes the merge patch conditional: a template edited meanwhile is re-read first.
      await ctx.client.patch(resources.get(kind)!, namespace, name, {
        type: 'merge',
        body: {
          metadata: { resourceVersion: workload.metadata.resourceVersion, annotations: { [CONFIG_HASH_APPLIED_ANNOTATION]: decision.hash } },
          spec: { template: { metadata: { annotations: { [CONFIG_HASH_ANNOTATION]: decision.hash } } } },
        },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (decision.initial) {
      log.debug({ key, hash: decision.hash }, 'config hash recorded');
    } else {
      ctx.events.record(workload, { type: 'Normal', reason: 'ConfigChanged', message: `Referenced ConfigMaps/Secrets changed; pod template config hash is now ${decision.hash}` });
    }
  };

  const controller = queueController(ctx, 'configrollout', workers, sync);
  for (const [kind, informer] of workloads) {
    informer.addEventHandler({
      onAdd: (w) => controller.queue.add(workloadKey(kind, w)),
      onUpdate: (_old, w) => controller.queue.add(workloadKey(kind, w)),
    });
  }
  /** A config object changed (or appeared, or vanished): re-hash every workload that reads it. */
  const enqueueReaders = (configKind: ConfigKind) => (obj: KubeObject) => {
    for (const [kind, informer] of workloads) {
      for (const w of informer.cache.byIndex('namespace', obj.metadata.namespace ?? '')) {
        if (refersTo(configReferences(w.spec?.template?.spec), configKind, obj.metadata.name!)) controller.queue.add(workloadKey(kind, w));
      }
    }
  };
  for (const [configKind, informer] of [['ConfigMap', configMaps], ['Secret', secrets]] as const) {
    const handler = enqueueReaders(configKind);
    informer.addEventHandler({
      onAdd: handler,
      // Metadata-only updates (labels, resourceVersion bumps) need no re-hash.
      onUpdate: (old, obj) => {
        if (canonical([old.data, old.binaryData]) !== canonical([obj.data, obj.binaryData])) handler(obj);
      },
      onDelete: handler,
    });
  }
  return { name: 'configrollout', run: controller.run };
}
