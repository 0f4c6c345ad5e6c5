/** The server process: assembly of store, PKI, API and post-start components. */
export { startServer, type StartServerOptions, type RunningServer } from './start.js';
export { serverDefaults, defaultDataDir } from './defaults.js';
export { dataDirLayout, type DataDirLayout } from './layout.js';
export { renderKubeconfig, writeKubeconfig, serverUrl, KUBECONFIG_NAME, type KubeconfigInput } from './kubeconfig.js';
export { StaticTokenAuthenticator, adminAuthenticator, type AuthenticatedUser, type StaticToken } from './authenticator.js';
export { createLogger, isLogLevel, LOG_LEVELS } from './logger.js';
export type { PostStartHook, PostStartContext, StartedComponent } from './hooks.js';
export { controlPlaneHook, CONTROLLERS } from './control-plane.js';
export type { ControllerFactory } from './control-plane.js';
export { embeddedAgentHook } from './embedded-agent.js';
export { inProcessClient } from './hooks.js';
