/**
 * authorization.k8s.io/v1 access reviews and authentication.k8s.io/v1 SelfSubjectReview.
 * Never stored: the apiserver answers them (routes/access-review.ts) with `status` filled in.
 */
import { z } from 'zod';
import { ObjectMeta } from './common/meta.js';
import { LooseStatus, StringList, typeMeta } from './common/primitives.js';

const ResourceAttributes = z.strictObject({
  namespace: z.string().optional(),
  verb: z.string().optional(),
  group: z.string().optional(),
  version: z.string().optional(),
  resource: z.string().optional(),
  subresource: z.string().optional(),
  name: z.string().optional(),
  // Alpha selector limits (AuthorizeWithSelectors); accepted, not narrowed on.
  fieldSelector: z.looseObject({}).optional(),
  labelSelector: z.looseObject({}).optional(),
});

const NonResourceAttributes = z.strictObject({ path: z.string().optional(), verb: z.string().optional() });

const SelfSubjectAccessReviewSpec = z.strictObject({
  resourceAttributes: ResourceAttributes.optional(),
  nonResourceAttributes: NonResourceAttributes.optional(),
});

export const SelfSubjectAccessReview = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: SelfSubjectAccessReviewSpec.optional(),
  status: LooseStatus.optional(),
});
export type SelfSubjectAccessReview = z.infer<typeof SelfSubjectAccessReview>;

export const SubjectAccessReview = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: z.strictObject({
    ...SelfSubjectAccessReviewSpec.shape,
    user: z.string().optional(),
    groups: StringList.optional(),
    extra: z.record(z.string(), StringList).optional(),
    uid: z.string().optional(),
  }).optional(),
  status: LooseStatus.optional(),
});
export type SubjectAccessReview = z.infer<typeof SubjectAccessReview>;

export const SelfSubjectRulesReview = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  spec: z.strictObject({ namespace: z.string().optional() }).optional(),
  status: LooseStatus.optional(),
});
export type SelfSubjectRulesReview = z.infer<typeof SelfSubjectRulesReview>;

export const SelfSubjectReview = z.strictObject({
  ...typeMeta,
  metadata: ObjectMeta.optional(),
  status: LooseStatus.optional(),
});
export type SelfSubjectReview = z.infer<typeof SelfSubjectReview>;
