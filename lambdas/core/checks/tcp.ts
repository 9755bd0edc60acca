import type { TargetSpec } from '../types';
import { openConnection } from './connect';
import type { CheckContext } from './timing';
import { hostPort } from './tls';

/** The tcp://host:port check: the port accepts a connection (refused / unreachable / timeout otherwise). */
export async function tcpCheck(target: TargetSpec, ctx: CheckContext): Promise<void> {
  const { socket } = await openConnection(hostPort(target), ctx);
  socket.destroy();
}
