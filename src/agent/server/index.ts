/** The agent's HTTPS endpoint for pods/log and pods/exec, reached by the apiserver's AgentDialer. */
export { startAgentServer, DEFAULT_AGENT_PORT, type AgentServer, type AgentServerOptions, type AgentServerTls } from './server.js';
export { ensureAgentServingCertificate, agentServingCertPaths } from './serving-cert.js';
export { CHANNEL, EXEC_PROTOCOLS, chooseProtocol, exitStatus, failureStatus, frame, parseClientFrame, type ExecProtocol, type ExecStatus } from './channels.js';
export { parseAgentRequest, bearerToken, type AgentRequest, type PodRef } from './requests.js';
export { publishAgentEndpoint, daemonEndpointsPatch, certFingerprintPatch, AGENT_CERT_ANNOTATION } from './endpoint.js';
