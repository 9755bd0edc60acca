import { Deadline, PhaseRecorder, type CheckContext } from '../../lambdas/core/checks/timing';

/** A check context as the engine builds one; the caller disposes the deadline. */
export function checkContext(timeoutMs = 2_000): CheckContext {
  return { deadline: new Deadline(timeoutMs), phases: new PhaseRecorder(), now: () => new Date(), certs: [] };
}
