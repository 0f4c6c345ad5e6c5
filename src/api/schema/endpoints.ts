/** core/v1 Endpoints. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Int, ObjectReference, typeMeta } from './common/primitives.js';

export const EndpointAddress = z.strictObject({
  ip: z.string(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: ObjectReference.optional(),
});

export const EndpointPort = z.strictObject({
  name: z.string().optional(),
  port: Int,
  protocol: z.string().optional(),
  appProtocol: z.string().optional(),
});

export const EndpointSubset = z.strictObject({
  addresses: z.array(EndpointAddress).optional(),
  notReadyAddresses: z.array(EndpointAddress).optional(),
  ports: z.array(EndpointPort).optional(),
});
export type EndpointSubset = z.infer<typeof EndpointSubset>;

export const Endpoints = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  subsets: z.array(EndpointSubset).optional(),
});
export type Endpoints = z.infer<typeof Endpoints>;
