import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The benchmark's child processes: each part runs in a fresh process, talking over IPC. */

/** Forks `file` (relative to bench/); fork() reuses this process's execArgv, so the child runs TypeScript through tsx as well. */
export function childOf(file: string): ChildProcess {
  return fork(path.join(__dirname, file), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

/** Sends `message` and waits for the child's one reply (an `error` field rejects). */
export function request<T>(child: ChildProcess, message: unknown, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`child ${child.pid} gave no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`child ${child.pid} exited with ${code}`));
    };
    child.once('message', (reply: { error?: string } & Record<string, unknown>) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply as T);
    });
    child.once('exit', onExit);
    child.send(message as object);
  });
}

/** Runs one benchmark part in a fresh process and returns its output. */
export async function runChild<I, O>(file: string, input: I, timeoutMs: number): Promise<O> {
  const child = childOf(file);
  try {
    const { output } = await request<{ output: O }>(child, input, timeoutMs);
    return output;
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** Ends a long-lived child (the fleet): disconnecting IPC makes it exit; kill in case it does not. */
export function stopChild(child: ChildProcess): void {
  if (child.connected) child.disconnect();
  child.kill();
}

/** Runs a benchmark's main: one line and exit 1 on failure, never a stack. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exit(1);
  });
}
