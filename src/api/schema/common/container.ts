/** core/v1 Container and its parts. */
import { z } from 'zod';
import { Int } from './primitives.js';
import { Lifecycle, Probe } from './probe.js';
import { Quantity, ResourceList } from './quantity.js';
import { SecurityContext } from './security.js';

export const ContainerPort = z.strictObject({
  name: z.string().optional(),
  hostPort: Int.optional(),
  containerPort: Int,
  protocol: z.string().optional(),
  hostIP: z.string().optional(),
});
export type ContainerPort = z.infer<typeof ContainerPort>;

const KeySelector = z.strictObject({ name: z.string().optional(), key: z.string(), optional: z.boolean().optional() });

export const EnvVarSource = z.strictObject({
  fieldRef: z.strictObject({ apiVersion: z.string().optional(), fieldPath: z.string() }).optional(),
  resourceFieldRef: z.strictObject({
    containerName: z.string().optional(), resource: z.string(), divisor: Quantity.optional(),
  }).optional(),
  configMapKeyRef: KeySelector.optional(),
  secretKeyRef: KeySelector.optional(),
});

export const EnvVar = z.strictObject({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: EnvVarSource.optional(),
});
export type EnvVar = z.infer<typeof EnvVar>;

const NamedOptional = z.strictObject({ name: z.string().optional(), optional: z.boolean().optional() });
export const EnvFromSource = z.strictObject({
  prefix: z.string().optional(),
  configMapRef: NamedOptional.optional(),
  secretRef: NamedOptional.optional(),
});
export type EnvFromSource = z.infer<typeof EnvFromSource>;

export const VolumeMount = z.strictObject({
  name: z.string(),
  readOnly: z.boolean().optional(),
  recursiveReadOnly: z.string().optional(),
  mountPath: z.string(),
  subPath: z.string().optional(),
  mountPropagation: z.string().optional(),
  subPathExpr: z.string().optional(),
});
export type VolumeMount = z.infer<typeof VolumeMount>;

export const ResourceRequirements = z.strictObject({
  limits: ResourceList.optional(),
  requests: ResourceList.optional(),
  claims: z.array(z.strictObject({ name: z.string(), request: z.string().optional() })).optional(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirements>;

export const Container = z.strictObject({
  name: z.string(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  ports: z.array(ContainerPort).optional(),
  envFrom: z.array(EnvFromSource).optional(),
  env: z.array(EnvVar).optional(),
  resources: ResourceRequirements.optional(),
  resizePolicy: z.array(z.strictObject({ resourceName: z.string(), restartPolicy: z.string() })).optional(),
  restartPolicy: z.string().optional(),
  volumeMounts: z.array(VolumeMount).optional(),
  volumeDevices: z.array(z.strictObject({ name: z.string(), devicePath: z.string() })).optional(),
  livenessProbe: Probe.optional(),
  readinessProbe: Probe.optional(),
  startupProbe: Probe.optional(),
  lifecycle: Lifecycle.optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  imagePullPolicy: z.string().optional(),
  securityContext: SecurityContext.optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
});
export type Container = z.infer<typeof Container>;
