import { Logger } from '@aws-lambda-powertools/logger';
import type { LogSink } from '../ports/log';

export type { LogSink };

/**
 * A Powertools Logger: structured JSON lines with the service name, cold start and request id
 * (added by the middy middleware in the handler). Only the AWS composition root calls this, once
 * per container, so the middleware and every cycle write through the same instance.
 */
export function powertoolsLogger(serviceName: string | undefined): Logger {
  return new Logger({ serviceName: serviceName ?? 'pantau' });
}

/** Powertools' structured logger behind the narrow interface the cycles take. */
export function logSinkOf(logger: Logger): LogSink {
  return {
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}
