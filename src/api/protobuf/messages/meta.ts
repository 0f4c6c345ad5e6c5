/**
 * apimachinery messages: `pkg/apis/meta/v1/generated.proto` and `pkg/runtime/generated.proto`.
 * Field numbers are upstream's; only the fields a client sends on create are listed.
 */
import { bool, int, map, msg, str, time, type MessageSchema } from '../schema.js';

export const OwnerReference: MessageSchema = {
  1: str('kind'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'),
  6: bool('controller', { ptr: true }), 7: bool('blockOwnerDeletion', { ptr: true }),
};

export const ObjectMeta: MessageSchema = {
  1: str('name'), 2: str('generateName'), 3: str('namespace'), 4: str('selfLink'), 5: str('uid'),
  6: str('resourceVersion'), 7: int('generation'), 8: time('creationTimestamp'), 9: time('deletionTimestamp'),
  10: int('deletionGracePeriodSeconds', { ptr: true }), 11: map('labels'), 12: map('annotations'),
  13: msg('ownerReferences', OwnerReference, { repeated: true }), 14: str('finalizers', { repeated: true }),
};

export const LabelSelectorRequirement: MessageSchema = { 1: str('key'), 2: str('operator'), 3: str('values', { repeated: true }) };

export const LabelSelector: MessageSchema = {
  1: map('matchLabels'), 2: msg('matchExpressions', LabelSelectorRequirement, { repeated: true }),
};

export const Condition: MessageSchema = {
  1: str('type'), 2: str('status'), 3: int('observedGeneration'), 4: time('lastTransitionTime'), 5: str('reason'), 6: str('message'),
};

/** runtime.TypeMeta inside runtime.Unknown: {1: apiVersion, 2: kind}. */
export const TypeMeta: MessageSchema = { 1: str('apiVersion'), 2: str('kind') };

/** metav1.DeleteOptions: typed clients (e.g. `kubectl drain --disable-eviction`) send it as a protobuf DELETE body. */
export const DeleteOptions: MessageSchema = {
  1: int('gracePeriodSeconds', { ptr: true }),
  2: msg('preconditions', { 1: str('uid', { ptr: true }), 2: str('resourceVersion', { ptr: true }) }),
  3: bool('orphanDependents', { ptr: true }), 4: str('propagationPolicy', { ptr: true }), 5: str('dryRun', { repeated: true }),
};
