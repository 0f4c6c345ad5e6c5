/**
 * Checks and server-managed metadata shared by the write verbs (create, update, patch).
 * Pure apart from randomness for uids and generated names.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { admit, type AdmitRequest } from '../../api/admission/index.js';
import { badRequest } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiVersionOf, type KubeObject } from '../../api/types.js';
import { deepEqual, isPlainObject } from '../../api/patch/index.js';

/** Body → object of the URL's kind: kind/apiVersion filled when absent, 400 when they differ. */
export function requireObjectOf(resource: ResourceInfo, body: unknown, expectedKind = resource.kind, expectedApiVersion?: string): KubeObject {
  if (!isPlainObject(body)) throw badRequest(`the request body must be a ${expectedKind} object`);
  const apiVersion = expectedApiVersion ?? apiVersionOf(resource.group, resource.version);
  if (body.kind !== undefined && body.kind !== expectedKind) {
    throw badRequest(`the kind in the request body (${String(body.kind)}) does not match the kind served at this URL (${expectedKind})`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    throw badRequest(`the apiVersion in the request body (${String(body.apiVersion)}) does not match the one served at this URL (${apiVersion})`);
  }
  if (body.metadata !== undefined && !isPlainObject(body.metadata)) throw badRequest('metadata must be an object');
  return { ...body, apiVersion, kind: expectedKind, metadata: { ...((body.metadata as object) ?? {}) } } as KubeObject;
}

/** Namespace from the URL wins; a different one in the body is a 400 (as upstream). */
export function applyNamespace(resource: ResourceInfo, object: KubeObject, urlNamespace: string | undefined): void {
  if (!resource.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  const bodyNs = object.metadata.namespace;
  if (bodyNs && urlNamespace && bodyNs !== urlNamespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  object.metadata.namespace = urlNamespace ?? bodyNs;
  if (!object.metadata.namespace) throw badRequest('a namespace is required to create this resource');
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character random suffix Kubernetes appends to generateName. */
export function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return `${prefix}${suffix}`;
}

export function newUid(): string {
  return randomUUID();
}

/** Run admission; its error becomes the response, its warnings Warning headers. */
export function runAdmission(request: AdmitRequest): { object: KubeObject; warnings: string[] } {
  const result = admit(request);
  if (!result.ok) throw result.error;
  return { object: result.object, warnings: result.warnings };
}

/** Generation rule (kubernetes-api.md §8): +1 on spec change; Deployments also on annotation change. */
export function nextGeneration(kind: string, old: KubeObject, next: KubeObject): number {
  const generation = old.metadata.generation ?? 1;
  const specChanged = !deepEqual(old.spec, next.spec);
  const annotationsChanged = kind === 'Deployment' && !deepEqual(old.metadata.annotations ?? {}, next.metadata.annotations ?? {});
  return specChanged || annotationsChanged ? generation + 1 : generation;
}

/** True when a write leaves an object marked for deletion with nothing left to wait for. */
export function readyToDelete(object: KubeObject): boolean {
  if (!object.metadata.deletionTimestamp) return false;
  if ((object.metadata.finalizers ?? []).length > 0) return false;
  if (object.kind === 'Namespace' && (object.spec?.finalizers ?? []).length > 0) return false;
  // A bound pod that is terminating waits for its agent (or the grace deadline), not for finalizers.
  if (object.kind === 'Pod' && object.spec?.nodeName && (object.metadata.deletionGracePeriodSeconds ?? 0) > 0) return false;
  return true;
}
