/** The slice of a logger the application services need (Lambda: Powertools; CLI: the console). */
export interface LogSink {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}
