/**
 * Access reviews, answered and never stored (as upstream): authorization.k8s.io/v1
 * SelfSubjectAccessReview and SubjectAccessReview (`kubectl auth can-i`),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`) and authentication.k8s.io/v1
 * SelfSubjectReview (`kubectl auth whoami`). Each POST returns the request with `status`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decode } from '../../api/admission/decode.js';
import { invalid, unauthorized } from '../../api/errors.js';
import { SCHEMAS } from '../../api/schema/index.js';
import type { PolicyRule } from '../../api/schema/rbac.js';
import type { StatusCause } from '../../api/types.js';
import { decodeObjectBody } from '../http/negotiate.js';
import { writeOptionsOf, type Query } from '../http/query.js';
import { sendJson } from '../http/reply.js';
import type { Target } from '../registry/context.js';
import type { Authorizer, RequestAttributes, UserInfo } from '../types.js';
import { probeRules } from './access-review-rules.js';

export const ACCESS_REVIEW_RESOURCES: ReadonlySet<string> = new Set([
  'authorization.k8s.io/selfsubjectaccessreviews', 'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews', 'authentication.k8s.io/selfsubjectreviews',
]);

export function isAccessReview(target: Target): boolean {
  return !target.name && !target.subresource && ACCESS_REVIEW_RESOURCES.has(`${target.resource.group}/${target.resource.resource}`);
}

interface ResourceAttributes {
  namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string;
}
interface NonResourceAttributes { path?: string; verb?: string }
interface ReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
  namespace?: string;
}
interface Review { apiVersion?: string; kind?: string; metadata?: Record<string, unknown>; spec?: ReviewSpec }

const AUTHENTICATED = 'system:authenticated';

/** The groups Kubernetes reports: every non-anonymous user is also in system:authenticated. */
export function reportedGroups(user: UserInfo): string[] {
  if (user.user === 'system:anonymous' || user.groups.includes('system:unauthenticated') || user.groups.includes(AUTHENTICATED)) return user.groups;
  return [...user.groups, AUTHENTICATED];
}

function specCauses(spec: ReviewSpec): StatusCause[] {
  const both = spec.resourceAttributes && spec.nonResourceAttributes;
  const neither = !spec.resourceAttributes && !spec.nonResourceAttributes;
  if (both || neither) {
    return [{ reason: 'FieldValueInvalid', field: 'spec.resourceAttributes', message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified' }];
  }
  return [];
}

/** RequestAttributes from a review spec, as the apiserver would derive them from a request. */
export function attributesOfSpec(spec: ReviewSpec, user: UserInfo): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user, verb: r.verb ?? '', resourceRequest: true, apiGroup: r.group ?? '', apiVersion: r.version ?? '',
      resource: r.resource ?? '', subresource: r.subresource || undefined, namespace: r.namespace || undefined,
      name: r.name || undefined, path: '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', resourceRequest: false, apiGroup: '', apiVersion: '', resource: '', path: n.path ?? '' };
}

async function accessStatus(authorizer: Authorizer, attributes: RequestAttributes): Promise<Record<string, unknown>> {
  const decision = await authorizer.authorize(attributes);
  if (decision.allowed) return { allowed: true };
  return decision.reason ? { allowed: false, reason: decision.reason } : { allowed: false };
}

/** SelfSubjectRulesReview status: resource rules and non-resource rules, split as upstream does. */
export function rulesStatus(rules: readonly PolicyRule[], errors: readonly string[], incomplete: boolean): Record<string, unknown> {
  const resourceRules = rules.filter((r) => !r.nonResourceURLs?.length).map((r) => ({
    verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [],
    ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
  }));
  const nonResourceRules = rules.filter((r) => r.nonResourceURLs?.length).map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
  const status: Record<string, unknown> = { resourceRules, nonResourceRules, incomplete };
  if (errors.length) status.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return status;
}

async function reviewStatus(target: Target, review: Review, user: UserInfo, authorizer: Authorizer): Promise<Record<string, unknown>> {
  const spec = review.spec ?? {};
  const kind = target.resource.kind;
  const group = target.resource.group;
  switch (target.resource.resource) {
    case 'selfsubjectreviews':
      return { userInfo: { username: user.user, groups: reportedGroups(user) } };
    case 'selfsubjectrulesreviews': {
      if (!authorizer.rulesFor) return rulesStatus(await probeRules(authorizer, user, spec.namespace ?? ''), [], true);
      const { rules, errors } = await authorizer.rulesFor(user, spec.namespace ?? '');
      return rulesStatus(rules, errors, false);
    }
    case 'subjectaccessreviews': {
      const causes = specCauses(spec);
      if (!spec.user && !spec.groups?.length) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' });
      }
      if (causes.length) throw invalid(kind, '', causes, group);
      return accessStatus(authorizer, attributesOfSpec(spec, { user: spec.user ?? '', groups: spec.groups ?? [] }));
    }
    default: {
      const causes = specCauses(spec);
      if (causes.length) throw invalid(kind, '', causes, group);
      return accessStatus(authorizer, attributesOfSpec(spec, user));
    }
  }
}

export async function handleAccessReview(authorizer: Authorizer, target: Target, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const user = request.user;
  if (!user) throw unauthorized();
  const body = decodeObjectBody(request.headers['content-type'], Buffer.isBuffer(request.body) ? request.body : undefined);
  const { kind, version } = target.resource;
  const decoded = decode(SCHEMAS[kind], body, { kind, version, fieldValidation: writeOptionsOf(request.query as Query).fieldValidation });
  if (decoded.kind === 'badRequest') throw decoded.error;
  if (decoded.kind === 'invalid') throw invalid(kind, '', decoded.causes, target.resource.group);
  const review = decoded.value as Review;
  const status = await reviewStatus(target, review, user, authorizer);
  const apiVersion = `${target.resource.group}/${target.resource.version}`;
  sendJson(reply, 201, {
    kind, apiVersion, metadata: { creationTimestamp: null, ...(review.metadata ?? {}) },
    ...(review.spec ? { spec: review.spec } : {}), status,
  });
}
