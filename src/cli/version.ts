/** The Tugboat release and the Kubernetes API version it speaks. */
export const TUG_VERSION = '0.1.0';
export const KUBERNETES_API_COMPAT = 'v1.32';
