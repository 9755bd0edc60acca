#!/usr/bin/env -S npx tsx
/**
 * Local CLI entry point (`npm start -- <command>`). With no command it runs the self-contained
 * demo on a simulated KPU fleet on loopback.
 */
import { main } from '../lib/local/cli';
import { noteStoreIoFailure } from '../lib/local/store-failover';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let storeFailureSaid = false;
process.on('uncaughtException', (err) => {
  // dynalite throws LevelDB write failures (a full disk) out of its callbacks: the store request
  // then fails by its timeout and monitoring goes on (`watch` moves its alert state into memory);
  // say what happened once.
  if (noteStoreIoFailure(err)) {
    if (!storeFailureSaid) process.stderr.write(`warning: store writes failing: ${err.message} — checks go on; said once\n`);
    storeFailureSaid = true;
    return;
  }
  process.stderr.write(`pantau: unexpected error: ${err.message}\n`);
  if (process.env.PANTAU_DEBUG) console.error(err);
  process.exit(70);
});

main(process.argv.slice(2)).then(
  (code) => {
    // Exit now rather than when the last handle closes: checks a signal abandoned may still hold
    // sockets until their own deadline, and the store is already closed. stdout and stderr are
    // synchronous for files and pipes on Linux, so nothing written is lost.
    process.exit(code);
  },
  (err: unknown) => {
    // Anything reaching here is a bug, not bad input: say so in one line, keep the detail opt-in.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`pantau: unexpected error: ${message}\n`);
    if (process.env.PANTAU_DEBUG) console.error(err);
    process.exitCode = 70;
  },
);
