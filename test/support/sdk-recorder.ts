import { __Client as SmithyClient } from '@aws-sdk/client-sns';

/**
 * Records every AWS SDK v3 command a handler really sends, for the IAM proof
 * (test/integration/iam-proof.test.ts).
 *
 * Two ways a command leaves a client, two hooks:
 * - A real client (DynamoDB against dynalite) runs its middleware stack: the smithy base
 *   `Client.prototype.send` (one copy, shared by every @aws-sdk client) is patched to add an
 *   initialize-step middleware to each client's stack. It sees the LOW-LEVEL command: the
 *   lib-dynamodb document client shares its DynamoDBClient's stack and its commands resolve
 *   through the low-level ones, so a `GetCommand` is recorded as `GetItemCommand`.
 * - aws-sdk-client-mock replaces `send` on the client's prototype with a stub, so no middleware
 *   runs: `recordMocked(ClientClass)` wraps that stub (call it after `mockClient`), recording the
 *   command before the mock answers it.
 */

export interface SdkCall {
  /** `DynamoDBClient`, `SNSClient`, … */
  client: string;
  /** Low-level command class name: `BatchWriteItemCommand`, `PublishCommand`, … */
  command: string;
  /** The region the client sends to (resource ARNs are built in it). */
  region: string;
  input: Record<string, unknown>;
}

export interface SdkRecorder {
  readonly calls: SdkCall[];
  /** Records commands answered by the aws-sdk-client-mock stub on `clientClass` (call after mockClient). */
  recordMocked(clientClass: ClientClass): void;
  /** Puts back the patched `send` methods. */
  restore(): void;
}

interface SendingClient {
  config: { region?: string | (() => Promise<string>) };
  middlewareStack: MiddlewareStack;
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}
interface MiddlewareStack {
  add(middleware: unknown, options: { step: string; name: string; priority: string }): void;
}
type ClientClass = { name: string; prototype: object };
type Send = SendingClient['send'];

const MIDDLEWARE_NAME = 'pantauIamProofRecorder';

export function installSdkRecorder(): SdkRecorder {
  const calls: SdkCall[] = [];
  const withMiddleware = new WeakSet<MiddlewareStack>();
  const restores: Array<() => void> = [];

  const base = SmithyClient.prototype as unknown as { send: Send };
  const originalSend = base.send;
  base.send = function (this: SendingClient, command, ...rest) {
    if (!withMiddleware.has(this.middlewareStack)) {
      withMiddleware.add(this.middlewareStack);
      const config = this.config;
      this.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { clientName: string; commandName: string }) =>
          async (args: { input: Record<string, unknown> }) => {
            calls.push({ client: context.clientName, command: context.commandName, region: await regionOf(config), input: args.input });
            return next(args);
          },
        { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' },
      );
    }
    return originalSend.call(this, command, ...rest);
  };
  restores.push(() => {
    base.send = originalSend;
  });

  return {
    calls,
    recordMocked(clientClass) {
      const prototype = clientClass.prototype as { send: Send };
      const stub = prototype.send;
      prototype.send = async function (this: SendingClient, command, ...rest) {
        const { constructor, input } = command as { constructor: { name: string }; input: Record<string, unknown> };
        calls.push({ client: clientClass.name, command: constructor.name, region: await regionOf(this.config), input });
        return stub.call(this, command, ...rest);
      };
      restores.push(() => {
        prototype.send = stub;
      });
    },
    restore() {
      for (const undo of restores.reverse()) undo();
    },
  };
}

async function regionOf(config: SendingClient['config']): Promise<string> {
  const region = typeof config.region === 'function' ? await config.region() : config.region;
  if (!region) throw new Error('sdk-recorder: a client without a region sent a command');
  return region;
}
