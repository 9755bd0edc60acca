import { Logger } from '@aws-lambda-powertools/logger';
import type { LogSink } from '../ports/log';

export type { LogSink };

/**
 * The one Powertools Logger of a Lambda container: structured JSON lines with the service name,
 * cold start and request id (added by the middy middleware in the handler).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pantau' });

/** The Lambda's LogSink: Powertools' structured logger behind the narrow interface. */
export const lambdaLog: LogSink = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};
