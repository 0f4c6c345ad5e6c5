/** core/v1 PodSpec and PodTemplateSpec, shared by Pod and every workload kind. */
import { z } from 'zod';
import { Affinity, Toleration, TopologySpreadConstraint } from './affinity.js';
import { Container, ResourceRequirements } from './container.js';
import { ObjectMeta } from './meta.js';
import { Int, LocalObjectReference, StringList, StringMap } from './primitives.js';
import { PodSecurityContext } from './security.js';
import { Volume } from './volume.js';

export const PodDNSConfig = z.strictObject({
  nameservers: StringList.optional(),
  searches: StringList.optional(),
  options: z.array(z.strictObject({ name: z.string().optional(), value: z.string().optional() })).optional(),
});

export const HostAlias = z.strictObject({ ip: z.string(), hostnames: StringList.optional() });

// Ephemeral containers share the Container shape; debug-only fields are accepted too.
const EphemeralContainer = Container.extend({ targetContainerName: z.string().optional() });

export const PodSpec = z.strictObject({
  volumes: z.array(Volume).optional(),
  initContainers: z.array(Container).optional(),
  containers: z.array(Container).optional(),
  ephemeralContainers: z.array(EphemeralContainer).optional(),
  restartPolicy: z.string().optional(),
  terminationGracePeriodSeconds: Int.optional(),
  activeDeadlineSeconds: Int.optional(),
  dnsPolicy: z.string().optional(),
  nodeSelector: StringMap.optional(),
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  nodeName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  shareProcessNamespace: z.boolean().optional(),
  securityContext: PodSecurityContext.optional(),
  imagePullSecrets: z.array(LocalObjectReference).optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  affinity: Affinity.optional(),
  schedulerName: z.string().optional(),
  tolerations: z.array(Toleration).optional(),
  hostAliases: z.array(HostAlias).optional(),
  priorityClassName: z.string().optional(),
  priority: Int.optional(),
  dnsConfig: PodDNSConfig.optional(),
  readinessGates: z.array(z.strictObject({ conditionType: z.string() })).optional(),
  runtimeClassName: z.string().optional(),
  enableServiceLinks: z.boolean().optional(),
  preemptionPolicy: z.string().optional(),
  overhead: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  topologySpreadConstraints: z.array(TopologySpreadConstraint).optional(),
  setHostnameAsFQDN: z.boolean().optional(),
  os: z.strictObject({ name: z.string() }).optional(),
  hostUsers: z.boolean().optional(),
  schedulingGates: z.array(z.strictObject({ name: z.string() })).optional(),
  resourceClaims: z.array(z.looseObject({ name: z.string() })).optional(),
  resources: ResourceRequirements.optional(),
});
export type PodSpec = z.infer<typeof PodSpec>;

export const PodTemplateSpec = z.strictObject({
  metadata: ObjectMeta.optional(),
  spec: PodSpec.optional(),
});
export type PodTemplateSpec = z.infer<typeof PodTemplateSpec>;
