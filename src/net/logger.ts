/** The logging surface src/net needs; a pino Logger satisfies it. */
export interface NetLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentNetLogger: NetLogger = { debug() {}, info() {}, warn() {}, error() {} };
