import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The benchmark's child processes (fleet, prober, dynalite …) and their one-reply IPC requests. */

export function childOf(file: string): ChildProcess {
  // fork() reuses this process's execArgv, so the child runs TypeScript through tsx as well.
  return fork(path.join(__dirname, file), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

export function request<T>(child: ChildProcess, message: unknown, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`child ${child.pid} gave no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (reply: { error?: string } & Record<string, unknown>) => {
      clearTimeout(timer);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child ${child.pid} exited with ${code}`));
    });
    child.send(message as object);
  });
}

/** Ends a long-lived child (the fleet): disconnecting IPC makes it exit; kill in case it does not. */
export function stopChild(child: ChildProcess): void {
  child.disconnect();
  child.kill();
}

/** Runs a benchmark's main: one line and exit 1 on failure, never a stack. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exit(1);
  });
}
