/** discovery.k8s.io/v1 EndpointSlice. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Int, ObjectReference, StringList, StringMap, typeMeta } from './common/primitives.js';

export const Endpoint = z.strictObject({
  addresses: StringList,
  conditions: z.strictObject({
    ready: z.boolean().optional(), serving: z.boolean().optional(), terminating: z.boolean().optional(),
  }).optional(),
  hostname: z.string().optional(),
  targetRef: ObjectReference.optional(),
  deprecatedTopology: StringMap.optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  hints: z.looseObject({}).optional(),
});
export type Endpoint = z.infer<typeof Endpoint>;

export const EndpointSlicePort = z.strictObject({
  name: z.string().optional(),
  protocol: z.string().optional(),
  port: Int.optional(),
  appProtocol: z.string().optional(),
});

export const EndpointSlice = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  addressType: z.string().optional(),
  endpoints: z.array(Endpoint).optional(),
  ports: z.array(EndpointSlicePort).optional(),
});
export type EndpointSlice = z.infer<typeof EndpointSlice>;
