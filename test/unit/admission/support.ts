/** Builders and helpers shared by the admission tests. */
import assert from 'node:assert/strict';
import { admit, type AdmitRequest } from '../../../src/api/admission/index.js';
import type { ApiError } from '../../../src/api/errors.js';
import { RESOURCES, type ResourceInfo } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';

export function resourceOf(kind: string): ResourceInfo {
  const r = RESOURCES.find((x) => x.kind === kind);
  assert.ok(r, `no resource for ${kind}`);
  return r;
}

type Options = Partial<Omit<AdmitRequest, 'resource' | 'object'>>;

function run(kind: string, object: unknown, opts: Options): ReturnType<typeof admit> {
  return admit({ verb: opts.old ? 'update' : 'create', fieldValidation: 'Strict', ...opts, resource: resourceOf(kind), object });
}

/** Admits and returns the stored object, failing the test with the error message otherwise. */
export function admitted(kind: string, object: unknown, opts: Options = {}): { object: KubeObject; warnings: string[] } {
  const result = run(kind, object, opts);
  if (!result.ok) assert.fail(`expected ${kind} to be admitted, got ${result.error.code}: ${result.error.message}`);
  return { object: result.object, warnings: result.warnings };
}

export function accepted(kind: string, object: unknown, opts: Options = {}): KubeObject {
  return admitted(kind, object, opts).object;
}

export function rejected(kind: string, object: unknown, opts: Options = {}): ApiError {
  const result = run(kind, object, opts);
  if (result.ok) assert.fail(`expected ${kind} to be rejected, got ${JSON.stringify(result.object)}`);
  return result.error;
}

/** The [field, reason] pairs of a 422, for table assertions. */
export function causesOf(err: ApiError): Array<[string, string]> {
  assert.equal(err.code, 422, err.message);
  assert.equal(err.reason, 'Invalid');
  return (err.details?.causes ?? []).map((c) => [c.field ?? '', c.reason ?? '']);
}

export function assertCause(err: ApiError, field: string, reason: string, messagePart?: string): void {
  const causes = err.details?.causes ?? [];
  const hit = causes.find((c) => c.field === field && c.reason === reason);
  assert.ok(hit, `expected cause ${field} ${reason} in ${JSON.stringify(causes)}`);
  if (messagePart) assert.ok(hit.message?.includes(messagePart), `"${hit.message}" lacks "${messagePart}"`);
}

export const clone = <T>(v: T): T => structuredClone(v);

/** The nginx Deployment from the Kubernetes documentation (concepts/workloads/controllers/deployment). */
export const NGINX_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
};

/** The Service from the Kubernetes documentation (concepts/services-networking/service). */
export const MY_SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'my-service' },
  spec: { selector: { 'app.kubernetes.io/name': 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] },
};

export function aPod(spec: Record<string, unknown> = {}, name = 'p1'): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec },
  };
}

export function aContainer(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'main', image: 'busybox:1.36', ...fields };
}
