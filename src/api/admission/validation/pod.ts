/** Pod validation, including the narrow set of spec changes an update may make. */
import { isDeepStrictEqual } from 'node:util';
import type { Pod } from '../../schema/pod.js';
import type { Toleration } from '../../schema/common/affinity.js';
import { type FieldCause, forbidden } from '../field-errors.js';
import { validatePodSpec } from './pod-spec.js';

export function validatePod(pod: Pod): FieldCause[] {
  return validatePodSpec(pod.spec ?? {}, 'spec');
}

export const POD_UPDATE_MESSAGE = 'pod updates may not change fields other than `spec.containers[*].image`,'
  + '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),'
  + '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function includesAll(next: Toleration[], prev: Toleration[]): boolean {
  return prev.every((p) => next.some((n) => isDeepStrictEqual(n, p)));
}

/**
 * Everything but images, activeDeadlineSeconds and added tolerations is frozen once a pod
 * exists: copy the mutable fields from the new spec onto the old and require equality.
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldCause[] {
  const next = pod.spec ?? {};
  const prev = old.spec ?? {};
  if (!includesAll(next.tolerations ?? [], prev.tolerations ?? [])) return [forbidden('spec', POD_UPDATE_MESSAGE)];
  const patched = structuredClone(prev);
  patched.activeDeadlineSeconds = next.activeDeadlineSeconds;
  patched.tolerations = next.tolerations;
  const sameLength = (a?: unknown[], b?: unknown[]): boolean => (a?.length ?? 0) === (b?.length ?? 0);
  if (!sameLength(next.containers, prev.containers) || !sameLength(next.initContainers, prev.initContainers)) {
    return [forbidden('spec', POD_UPDATE_MESSAGE)];
  }
  patched.containers?.forEach((c, i) => { c.image = next.containers![i].image; });
  patched.initContainers?.forEach((c, i) => { c.image = next.initContainers![i].image; });
  if (prev.terminationGracePeriodSeconds !== undefined && prev.terminationGracePeriodSeconds < 0 && next.terminationGracePeriodSeconds === 1) {
    patched.terminationGracePeriodSeconds = 1;
  }
  for (const k of ['activeDeadlineSeconds', 'tolerations'] as const) if (patched[k] === undefined) delete patched[k];
  return isDeepStrictEqual(stripUndefined(patched), stripUndefined(next)) ? [] : [forbidden('spec', POD_UPDATE_MESSAGE)];
}

export function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
