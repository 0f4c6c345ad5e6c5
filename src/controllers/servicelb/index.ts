/** ServiceLB (LoadBalancer status from Ready nodes) and the cluster network publisher. */
export { createServiceLbController } from './controller.js';
export { desiredIngress, reconcileLoadBalancer, currentIngress, type LoadBalancerIngress } from './reconcile.js';
export { createNetworkPublisher, publishNetworkSettings, NETWORK_PUBLISH_PERIOD_MS } from './network-publisher.js';
