/** Controllers: the runtime they share and each controller's factory. */
export { queueController, keyOf, splitKey } from './runtime/controller.js';
export type { Controller, ControllerContext, QueueController } from './runtime/controller.js';
export { createEventRecorder } from './runtime/events.js';
export type { EventRecorder } from './runtime/events.js';
export { Expectations } from './runtime/expectations.js';
export { createReplicaSetController } from './replicaset/controller.js';
export { createDeploymentController } from './deployment/controller.js';
export { reconcileReplicaSet } from './replicaset/reconcile.js';
export { reconcileDeployment } from './deployment/reconcile.js';
export { createGarbageCollector } from './gc/index.js';
export { createNamespaceController } from './namespace/index.js';
export { createDaemonSetController } from './daemonset/index.js';
export { createJobController } from './job/index.js';
export { createNodeLifecycleController } from './nodelifecycle/index.js';
export { createEndpointsController } from './endpoints/index.js';
export { createStatefulSetController } from './statefulset/index.js';
export { createConfigRolloutController } from './configrollout/index.js';
