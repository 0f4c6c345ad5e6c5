/** Namespace controller: empties a Namespace being deleted, then finalizes it. */
export { createNamespaceController, NAMESPACED_CONTENT } from './controller.js';
export { decideNamespace, remainingMessage, NAMESPACE_FINALIZER, NAMESPACE_RECHECK_MS } from './decide.js';
export type { NamespaceContents, NamespaceDecision } from './decide.js';
