/**
 * Defaults Kubernetes applies to every PodSpec (core/v1 SetDefaults_PodSpec, _Container,
 * _Probe, _Volume …), whether in a Pod or in a workload's pod template. Mutates in place;
 * callers pass a fresh decoded copy.
 */
import type { Container } from '../common/container.js';
import type { PodSpec } from '../common/pod-spec.js';
import type { Probe } from '../common/probe.js';
import type { Volume } from '../common/volume.js';

export const POD_SPEC_DEFAULTS = {
  restartPolicy: 'Always',
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  // 0644: the mode Kubernetes gives files projected from secrets and config maps.
  volumeDefaultMode: 420,
  probe: { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
} as const;

/** Always for ":latest" or untagged images (they move), IfNotPresent for pinned tags/digests. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

export function defaultProbe(probe: Probe | undefined): void {
  if (!probe) return;
  const d = POD_SPEC_DEFAULTS.probe;
  probe.timeoutSeconds ??= d.timeoutSeconds;
  probe.periodSeconds ??= d.periodSeconds;
  probe.successThreshold ??= d.successThreshold;
  probe.failureThreshold ??= d.failureThreshold;
  if (probe.httpGet) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}

export function defaultContainer(c: Container): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= POD_SPEC_DEFAULTS.terminationMessagePath;
  c.terminationMessagePolicy ??= POD_SPEC_DEFAULTS.terminationMessagePolicy;
  c.resources ??= {};
  // Limits without requests: requests default to the limits (SetDefaults_Pod).
  const { limits, requests } = c.resources;
  if (limits) c.resources.requests = { ...limits, ...(requests ?? {}) };
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const h of [c.lifecycle?.postStart, c.lifecycle?.preStop]) {
    if (h?.httpGet) { h.httpGet.path ??= '/'; h.httpGet.scheme ??= 'HTTP'; }
  }
}

export function defaultVolume(v: Volume): void {
  const mode = POD_SPEC_DEFAULTS.volumeDefaultMode;
  if (v.secret) v.secret.defaultMode ??= mode;
  if (v.configMap) v.configMap.defaultMode ??= mode;
  if (v.downwardAPI) v.downwardAPI.defaultMode ??= mode;
  if (v.projected) v.projected.defaultMode ??= mode;
  if (v.hostPath) v.hostPath.type ??= '';
  for (const item of v.downwardAPI?.items ?? []) {
    if (item.fieldRef) item.fieldRef.apiVersion ??= 'v1';
  }
}

export function defaultPodSpec(spec: PodSpec): void {
  const d = POD_SPEC_DEFAULTS;
  spec.restartPolicy ??= d.restartPolicy;
  spec.terminationGracePeriodSeconds ??= d.terminationGracePeriodSeconds;
  spec.dnsPolicy ??= d.dnsPolicy;
  spec.schedulerName ??= d.schedulerName;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  // The deprecated serviceAccount field mirrors serviceAccountName both ways.
  if (spec.serviceAccountName === undefined && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName !== undefined) spec.serviceAccount = spec.serviceAccountName;
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}
