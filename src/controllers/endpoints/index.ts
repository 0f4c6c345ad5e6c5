/** Endpoints controller: Endpoints and EndpointSlices (host address + host port) for every Service with a selector. */
export { createEndpointsController } from './controller.js';
export { reconcileEndpoints, isManagedService } from './reconcile.js';
export type { EndpointsSnapshot, EndpointsDecision, EndpointsWarning } from './reconcile.js';
export { desiredEndpoints, desiredSlices, sliceName, SERVICE_NAME_LABEL, MANAGED_BY_LABEL, MANAGED_BY } from './desired.js';
export { HOST_PORTS_ANNOTATION, parseHostPorts, hostPortKey } from './host-ports.js';
export type { HostPort, HostPortMap } from './host-ports.js';
