/**
 * The config-rollout decision: the hash of everything a workload's pod template reads from
 * ConfigMaps and Secrets, and whether the template's annotation must change. A changed
 * annotation is a changed template, so the workload's own controller rolls out (and rolls
 * back) as for any other edit. Only the hash ever leaves here, never a Secret's value. Pure.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../api/types.js';
import { canonical, templateHash } from '../deployment/hash.js';
import { ROLLBACK_TEMPLATE_ANNOTATION } from '../deployment/rollback.js';
import { configReferences, type ConfigRef } from './refs.js';

export const CONFIG_HASH_ANNOTATION = 'tugboat.io/config-hash';
export const CONFIG_ROLLOUT_ANNOTATION = 'tugboat.io/config-rollout';
/** On the workload's metadata: the last hash this controller wrote into the template. */
export const CONFIG_HASH_APPLIED_ANNOTATION = 'tugboat.io/config-hash-applied';
/** Hex characters kept: 64 bits is plenty to tell versions of one workload's config apart. */
const HASH_LENGTH = 16;

/** Looks a referenced object up in the workload's namespace; undefined when it does not exist. */
export type ConfigLookup = (ref: ConfigRef) => KubeObject | undefined;

/**
 * sha256 over each referenced object's kind, name, data and binaryData (canonical JSON, keys
 * sorted). A missing object contributes a marker, so creating it later changes the hash too.
 */
export function configHash(refs: ConfigRef[], lookup: ConfigLookup): string {
  const sha = createHash('sha256');
  for (const ref of refs) {
    const obj = lookup(ref);
    sha.update(`${ref.kind}/${ref.name}\n`);
    sha.update(obj ? canonical({ data: obj.data ?? {}, binaryData: obj.binaryData ?? {} }) : 'missing');
    sha.update('\n');
  }
  return sha.digest('hex').slice(0, HASH_LENGTH);
}

export function optedOut(workload: KubeObject): boolean {
  return workload.metadata.annotations?.[CONFIG_ROLLOUT_ANNOTATION] === 'false';
}

export interface ConfigRolloutDecision {
  /** The annotation value to write, or undefined when the template is already right. */
  hash?: string;
  /** The template had no hash yet: setting it is bookkeeping, not a config change. */
  initial: boolean;
}

export function decideConfigRollout(workload: KubeObject, lookup: ConfigLookup): ConfigRolloutDecision {
  if (optedOut(workload) || workload.metadata.deletionTimestamp) return { initial: false };
  const refs = configReferences(workload.spec?.template?.spec);
  const current: string | undefined = workload.spec?.template?.metadata?.annotations?.[CONFIG_HASH_ANNOTATION];
  // A workload that reads no config gets no annotation (and keeps a stale one: removing it would roll out for nothing).
  if (refs.length === 0) return { initial: false };
  const hash = configHash(refs, lookup);
  if (hash === current) return { initial: false };
  // The Deployment controller rolled this config back: re-applying the same hash would roll
  // the failure out again, in a loop. Wait for the config (or the template) to change.
  if (rolledBack(workload) && workload.metadata.annotations?.[CONFIG_HASH_APPLIED_ANNOTATION] === hash) return { initial: false };
  return { hash, initial: current === undefined };
}

/** Still on the template an automatic rollback wrote (nobody has edited it since). */
function rolledBack(workload: KubeObject): boolean {
  const to = workload.metadata.annotations?.[ROLLBACK_TEMPLATE_ANNOTATION];
  return to !== undefined && to === templateHash(workload.spec?.template);
}
