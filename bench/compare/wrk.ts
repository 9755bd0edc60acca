import { execFile } from 'node:child_process';
import { parseWrkRequestsPerSec, parseWrkSocketErrors } from './shape';

/**
 * wrk as the machine's limit: `wrk -t2 -cN -dS -H 'Connection: close' URL`, a fresh connection
 * per request like a probe, against one fleet server whose delays the server jitters itself.
 */
export function runWrk(url: string, connections: number, seconds: number): Promise<{ requestsPerSec: number | null; socketErrors: number }> {
  return new Promise((resolve, reject) => {
    const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '-H', 'Connection: close', url];
    execFile('wrk', args, { timeout: (seconds + 30) * 1000 }, (err, stdout) => {
      if (err && !stdout) return reject(new Error(`wrk ${args.join(' ')} failed: ${err.message}`));
      resolve({ requestsPerSec: parseWrkRequestsPerSec(stdout), socketErrors: parseWrkSocketErrors(stdout) });
    });
  });
}
