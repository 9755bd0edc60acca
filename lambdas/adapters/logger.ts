import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one Powertools Logger of a Lambda container: structured JSON lines with the service name,
 * cold start and request id (added by the middy middleware in the handler).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pantau' });

/** The slice of a logger the application services need (the CLI passes a console-backed one). */
export interface LogSink {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** The Lambda's LogSink: Powertools' structured logger behind the narrow interface. */
export const lambdaLog: LogSink = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};
