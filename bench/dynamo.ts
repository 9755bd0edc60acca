import { startLocalDynamo } from '../lambdas/adapters/local-dynamo';

/**
 * dynalite in its own process for the alert benchmark, so the DynamoDB stand-in's CPU does not
 * share the alert engine's event loop (in AWS the table is remote, too).
 *
 * Parent protocol (IPC): receives {}, replies { endpoint }; exits on disconnect.
 */

process.once('message', () => {
  startLocalDynamo().then(
    (dynamo) => {
      process.send?.({ endpoint: dynamo.endpoint });
      process.on('disconnect', () => void dynamo.close().finally(() => process.exit(0)));
    },
    (err: Error) => process.send?.({ error: err.message }),
  );
});
