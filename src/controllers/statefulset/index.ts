export { createStatefulSetController } from './controller.js';
export { reconcileStatefulSet, statusChanged, desiredReplicas } from './reconcile.js';
export type { StatefulSetSnapshot, StatefulSetDecision, StatefulSetStatus } from './reconcile.js';
export { statefulPodFor, claimsFor, claimName, podName, ordinalOf, POD_NAME_LABEL, POD_INDEX_LABEL, REVISION_LABEL, AT_MOST_ONCE_ANNOTATION } from './pod-template.js';
