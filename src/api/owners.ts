/** Owner references: who controls an object (pure helpers used by controllers and the scheduler). */
import type { KubeObject, OwnerReference } from './types.js';

export function controllerOf(object: KubeObject): OwnerReference | undefined {
  return (object.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

export function isControlledBy(object: KubeObject, owner: KubeObject): boolean {
  return controllerOf(object)?.uid === owner.metadata.uid;
}

export function controllerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true,
  };
}
