/** core/v1 Service. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Condition, Int, IntOrString, StringList, StringMap, typeMeta } from './common/primitives.js';

export const ServicePort = z.strictObject({
  name: z.string().optional(),
  protocol: z.string().optional(),
  appProtocol: z.string().optional(),
  port: Int,
  targetPort: IntOrString.optional(),
  nodePort: Int.optional(),
});
export type ServicePort = z.infer<typeof ServicePort>;

export const ServiceSpec = z.strictObject({
  ports: z.array(ServicePort).optional(),
  selector: StringMap.optional(),
  clusterIP: z.string().optional(),
  clusterIPs: StringList.optional(),
  type: z.string().optional(),
  externalIPs: StringList.optional(),
  sessionAffinity: z.string().optional(),
  loadBalancerIP: z.string().optional(),
  loadBalancerSourceRanges: StringList.optional(),
  externalName: z.string().optional(),
  externalTrafficPolicy: z.string().optional(),
  healthCheckNodePort: Int.optional(),
  publishNotReadyAddresses: z.boolean().optional(),
  sessionAffinityConfig: z.strictObject({
    clientIP: z.strictObject({ timeoutSeconds: Int.optional() }).optional(),
  }).optional(),
  ipFamilies: StringList.optional(),
  ipFamilyPolicy: z.string().optional(),
  allocateLoadBalancerNodePorts: z.boolean().optional(),
  loadBalancerClass: z.string().optional(),
  internalTrafficPolicy: z.string().optional(),
  trafficDistribution: z.string().optional(),
});
export type ServiceSpec = z.infer<typeof ServiceSpec>;

export const ServiceStatus = z.looseObject({
  loadBalancer: z.looseObject({
    ingress: z.array(z.looseObject({ ip: z.string().optional(), hostname: z.string().optional() })).optional(),
  }).optional(),
  conditions: z.array(Condition).optional(),
});

export const Service = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: ServiceSpec.optional(),
  status: ServiceStatus.optional(),
});
export type Service = z.infer<typeof Service>;
