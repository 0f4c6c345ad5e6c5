/** core/v1 Event. */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { Int, ObjectReference, Time, typeMeta } from './common/primitives.js';

export const Event = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  involvedObject: ObjectReference.optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  source: z.strictObject({ component: z.string().optional(), host: z.string().optional() }).optional(),
  firstTimestamp: Time.optional(),
  lastTimestamp: Time.optional(),
  count: Int.optional(),
  type: z.string().optional(),
  eventTime: Time.optional(),
  series: z.strictObject({ count: Int.optional(), lastObservedTime: Time.optional() }).optional(),
  action: z.string().optional(),
  related: ObjectReference.optional(),
  reportingComponent: z.string().optional(),
  reportingInstance: z.string().optional(),
});
export type Event = z.infer<typeof Event>;
