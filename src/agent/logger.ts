/** The logging surface the agent needs; a pino Logger satisfies it. */
export interface AgentLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: AgentLogger = { debug() {}, info() {}, warn() {}, error() {} };
