/** What every registry verb needs: the store, the clock and the addressed resource. */
import type { ResourceInfo } from '../../api/resources.js';
import type { FieldValidation } from '../../api/admission/index.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../types.js';
import type { ServiceNetwork } from './service-allocation.js';

export interface RegistryDeps {
  store: Store;
  clock: Clock;
  /** ClusterIP and NodePort ranges (default DEFAULT_SERVICE_NETWORK). */
  serviceNetwork?: ServiceNetwork;
}

export interface Target {
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
}

/** A write's outcome: the object to return, its HTTP code, and admission warnings. */
export interface WriteOutcome<T = unknown> {
  code: number;
  body: T;
  warnings: string[];
}

/** The clock's present as a Date (timestamps, deletion deadlines, Table ages). */
export function nowOf(deps: RegistryDeps): Date {
  return new Date(deps.clock.now());
}

/** RFC 3339 with seconds precision, as Kubernetes serialises metav1.Time. */
export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function refOf(target: Target): { resource: string; group: string } {
  return { resource: target.resource.resource, group: target.resource.group };
}
