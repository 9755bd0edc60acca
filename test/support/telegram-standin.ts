import { startHttpServer, type RunningServer } from './servers';

/**
 * A loopback stand-in of the Telegram Bot API (127.0.0.1 only): records every request and answers
 * `sendMessage` with scripted replies (a 500, a 429 with retry_after …), then with success.
 */
export interface BotApiRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface BotApiReply {
  status: number;
  body: Record<string, unknown>;
}

export interface BotApiStandIn extends RunningServer {
  requests: BotApiRequest[];
  /** Replies used in order, one per request; once empty, every request succeeds. */
  script: BotApiReply[];
  /** The texts of the messages it accepted. */
  delivered(): string[];
  /** Forgets the requests and the script (between tests). */
  reset(): void;
}

export const FAIL_500: BotApiReply = { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } };
export const tooMany = (retryAfter: number): BotApiReply => ({
  status: 429,
  body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
});

export async function startBotApiStandIn(): Promise<BotApiStandIn> {
  const requests: BotApiRequest[] = [];
  const accepted: string[] = [];
  const script: BotApiReply[] = [];
  const server = await startHttpServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      const reply = script.shift() ?? { status: 200, body: { ok: true, result: { message_id: requests.length } } };
      if (reply.status === 200) accepted.push(String(body.text));
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  const reset = () => {
    requests.length = 0;
    script.length = 0;
    accepted.length = 0;
  };
  return Object.assign(server, { requests, script, delivered: () => [...accepted], reset });
}
