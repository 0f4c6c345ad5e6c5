/**
 * PersistentVolume controller shell (binder, provisioner, reclaimer): watches claims,
 * volumes and classes; one queue carries claim keys (`claim:<ns>/<name>`) and volume keys
 * (`volume:<name>`); each sync applies decideClaim() or decideVolume() through the API.
 * At start it creates the default StorageClasses that are missing.
 */
import { dirname } from 'node:path';
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { DEFAULT_STORAGE_SETTINGS, ensureDefaultStorageClasses, type StorageSettings } from '../../apiserver/storage-bootstrap.js';
import { isAlreadyExists, isConflict, isNotFound, type Informer } from '../../client/index.js';
import { queueController, type Controller, type ControllerContext } from '../runtime/controller.js';
import { SHARED_PROVISIONER } from './constants.js';
import { decideClaim, type ClaimAction } from './decide-claim.js';
import { decideVolume, type VolumeAction } from './decide-volume.js';
import { createVolumeDirectory, removeVolumeDirectory } from './directories.js';

const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
const VOLUMES = resourceByKind('v1', 'PersistentVolume')!;
const CLASSES = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;

const CLAIM = 'claim:';
const VOLUME = 'volume:';

export function createVolumeController(ctx: ControllerContext, settings: StorageSettings = DEFAULT_STORAGE_SETTINGS, workers = 2): Controller {
  const claims: Informer = ctx.informers.informerFor(CLAIMS);
  const volumes: Informer = ctx.informers.informerFor(VOLUMES);
  const classes: Informer = ctx.informers.informerFor(CLASSES);
  const log = ctx.logger.child({ controller: 'persistentvolume' });

  const sync = async (key: string) => {
    if (key.startsWith(CLAIM)) await syncClaim(key.slice(CLAIM.length));
    else if (key.startsWith(VOLUME)) await syncVolume(key.slice(VOLUME.length));
    return undefined;
  };

  const syncClaim = async (key: string) => {
    const claim = claims.cache.get(key);
    if (!claim) return;
    const actions = decideClaim({ claim, volumes: volumes.cache.list(), classes: classes.cache.list() });
    for (const action of actions) await applyClaimAction(claim, action);
  };

  const applyClaimAction = async (claim: KubeObject, action: ClaimAction) => {
    const { namespace, name } = claim.metadata;
    switch (action.kind) {
      case 'assignClass':
        await ctx.client.patch(CLAIMS, namespace, name!, { type: 'merge', body: { spec: { storageClassName: action.className } } });
        return;
      case 'claimVolume':
        // The resourceVersion makes this a compare-and-swap: two claims never take one volume.
        await ctx.client.update(VOLUMES, action.volume);
        return;
      case 'bindClaim':
        await ctx.client.patch(CLAIMS, namespace, name!, {
          type: 'merge', body: { metadata: { annotations: action.annotations }, spec: { volumeName: action.volumeName } },
        });
        return;
      case 'claimStatus':
        await ctx.client.patch(CLAIMS, namespace, name!, { type: 'merge', body: { status: action.status } }, { subresource: 'status' });
        return;
      case 'provision':
        await provision(claim, action.volume);
        return;
      case 'event':
        ctx.events.record(claim, { type: action.type, reason: action.reason, message: action.message });
        return;
    }
  };

  const provision = async (claim: KubeObject, volume: KubeObject) => {
    const provisioner = volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'];
    // The server sees the shared directory (its class's `path`, e.g. --shared-storage-dir): make the volume's now.
    if (provisioner === SHARED_PROVISIONER) await createVolumeDirectory(dirname(volume.spec.hostPath.path), volume.spec.hostPath.path);
    try {
      await ctx.client.create(VOLUMES, volume);
    } catch (err) {
      if (isAlreadyExists(err)) return;
      ctx.events.record(claim, { type: 'Warning', reason: 'ProvisioningFailed', message: `failed to provision volume with StorageClass "${volume.spec.storageClassName}": ${messageOf(err)}` });
      throw err;
    }
    ctx.events.record(claim, { type: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${volume.metadata.name}` });
  };

  const syncVolume = async (name: string) => {
    const volume = volumes.cache.get(name);
    if (!volume) return;
    const ref = volume.spec?.claimRef;
    const claim = ref ? claims.cache.get(`${ref.namespace}/${ref.name}`) : undefined;
    for (const action of decideVolume({ volume, claim })) await applyVolumeAction(volume, action);
  };

  const applyVolumeAction = async (volume: KubeObject, action: VolumeAction) => {
    const name = volume.metadata.name!;
    switch (action.kind) {
      case 'volumeStatus': {
        const status = { phase: action.phase, message: action.message ?? null, reason: action.reason ?? null };
        await ctx.client.patch(VOLUMES, undefined, name, { type: 'merge', body: { status } }, { subresource: 'status' });
        return;
      }
      case 'removeSharedDirectory':
        await removeVolumeDirectory(dirname(action.path), action.path);
        return;
      case 'delete':
        try {
          await ctx.client.delete(VOLUMES, undefined, name, { preconditions: { uid: volume.metadata.uid } });
        } catch (err) {
          if (!isNotFound(err) && !isConflict(err)) throw err;
        }
        return;
      case 'event':
        ctx.events.record(volume, { type: action.type, reason: action.reason, message: action.message });
        return;
    }
  };

  const controller = queueController(ctx, 'persistentvolume', workers, sync);
  const enqueueClaim = (namespace: string | undefined, name: string | undefined) => {
    if (namespace && name) controller.queue.add(`${CLAIM}${namespace}/${name}`);
  };
  const enqueueVolume = (name: string | undefined) => {
    if (name) controller.queue.add(`${VOLUME}${name}`);
  };
  const enqueueUnboundClaims = () => {
    for (const c of claims.cache.list()) if (!c.spec?.volumeName) enqueueClaim(c.metadata.namespace, c.metadata.name);
  };
  const onClaim = (c: KubeObject) => {
    enqueueClaim(c.metadata.namespace, c.metadata.name);
    enqueueVolume(c.spec?.volumeName);
  };
  claims.addEventHandler({
    onAdd: onClaim,
    onUpdate: (_old, c) => onClaim(c),
    onDelete: (c) => {
      enqueueVolume(c.spec?.volumeName);
      // A claim deleted before it recorded its volume: find the volume by its claimRef.
      for (const pv of volumes.cache.list()) {
        const ref = pv.spec?.claimRef;
        if (ref?.namespace === c.metadata.namespace && ref?.name === c.metadata.name) enqueueVolume(pv.metadata.name);
      }
    },
  });
  const onVolume = (pv: KubeObject) => {
    enqueueVolume(pv.metadata.name);
    const ref = pv.spec?.claimRef;
    if (ref) enqueueClaim(ref.namespace, ref.name);
    else enqueueUnboundClaims(); // a free volume may be what a pending claim waits for
  };
  volumes.addEventHandler({
    onAdd: onVolume,
    onUpdate: (_old, pv) => onVolume(pv),
    onDelete: (pv) => {
      const ref = pv.spec?.claimRef;
      if (ref) enqueueClaim(ref.namespace, ref.name);
    },
  });
  classes.addEventHandler({ onAdd: enqueueUnboundClaims, onUpdate: () => undefined, onDelete: () => undefined });

  const run = async (signal: AbortSignal) => {
    try {
      await ensureDefaultStorageClasses(ctx.client, settings);
    } catch (err) {
      log.warn({ err: messageOf(err) }, 'default storage classes not created');
    }
    return controller.run(signal);
  };
  return { name: 'persistentvolume', run };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
