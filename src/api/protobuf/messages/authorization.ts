/**
 * authorization.k8s.io/v1 and authentication.k8s.io/v1 review messages
 * (`staging/src/k8s.io/api/authorization/v1/generated.proto`, `authentication/v1`):
 * kubectl's typed clients send them as protobuf for `auth can-i` and `auth whoami`.
 */
import { msg, str, type MessageSchema } from '../schema.js';
import { ObjectMeta } from './meta.js';

const ResourceAttributes: MessageSchema = {
  1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name'),
};
const NonResourceAttributes: MessageSchema = { 1: str('path'), 2: str('verb') };
const SelfSubjectAccessReviewSpec: MessageSchema = {
  1: msg('resourceAttributes', ResourceAttributes), 2: msg('nonResourceAttributes', NonResourceAttributes),
};

export const SelfSubjectAccessReview: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', SelfSubjectAccessReviewSpec) };
export const SubjectAccessReview: MessageSchema = {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', { ...SelfSubjectAccessReviewSpec, 3: str('user'), 4: str('groups', { repeated: true }), 6: str('uid') }),
};
export const SelfSubjectRulesReview: MessageSchema = { 1: msg('metadata', ObjectMeta), 2: msg('spec', { 1: str('namespace') }) };
export const SelfSubjectReview: MessageSchema = { 1: msg('metadata', ObjectMeta) };
