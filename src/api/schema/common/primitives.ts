/** Small JSON shapes shared by many schemas. */
import { z } from 'zod';

export const Int = z.number().int();
export const IntOrString = z.union([z.number().int(), z.string()]);
export type IntOrString = z.infer<typeof IntOrString>;
export const StringMap = z.record(z.string(), z.string());
export const Time = z.string();
export const StringList = z.array(z.string());

/** `status` is accepted loosely everywhere: controllers and the agent own its shape. */
export const LooseStatus = z.looseObject({});

/** apiVersion/kind as every top-level object carries them. */
export const typeMeta = {
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
};

export const LocalObjectReference = z.strictObject({ name: z.string().optional() });

export const ObjectReference = z.strictObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});
export type ObjectReference = z.infer<typeof ObjectReference>;

export const Condition = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: Time.optional(),
  lastUpdateTime: Time.optional(),
  lastProbeTime: Time.optional().nullable(),
  lastHeartbeatTime: Time.optional(),
  observedGeneration: Int.optional(),
});
export type Condition = z.infer<typeof Condition>;
