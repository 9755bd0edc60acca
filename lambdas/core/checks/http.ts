import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TargetSpec } from '../types';
import { readBody } from './body';
import { decodeBody } from './charset';
import { CheckFailure, classifyError } from './classify';
import { requestHeadersProblem } from './header-guard';
import { endpointLabel, openConnection, type TlsSettings } from './connect';
import { monotonicMs, underDeadline, type CheckContext } from './timing';
import { tlsSettingsFor } from './tls';

/**
 * The HTTP(S) check: node's own http client over a connection we open ourselves (see
 * connect.ts), so every check pays — and measures — DNS, connect and TLS. Redirects are followed
 * by hand, all under the check's one deadline.
 */

export interface HttpOutcome {
  status: number;
  headers: IncomingHttpHeaders;
  /** Body text, only when an assertion needs it, decoded with the charset the response declares. */
  body: string | null;
  /** Set when the declared charset is unknown and the body was read as UTF-8 (see charset.ts). */
  bodyCharsetNote: string | null;
  bodyBytes: number;
  bodyTooLarge: boolean;
  /** Every URL requested, first to last. */
  chain: string[];
}

export interface HttpCheckOptions {
  /** Header values resolved from secret references, sent only to the target's own origin. */
  secretHeaders: Record<string, string>;
  /** Keep the body text for assertions (otherwise it is only counted). */
  needsBody: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Credentials never follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const USER_AGENT = 'Pantau/0.1 (uptime monitor)';

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** "http://a/1 → /2 → https://b/": later URLs on the first URL's origin are shortened to their path. */
export function describeChain(chain: readonly string[]): string {
  const origin = new URL(chain[0]!).origin;
  return chain
    .map((href, i) => {
      const url = new URL(href);
      return i > 0 && url.origin === origin ? `${url.pathname}${url.search}` : href;
    })
    .join(' → ');
}

function defaultPort(url: URL): number {
  return url.protocol === 'https:' ? 443 : 80;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Sends one request on a fresh connection and waits for the response head. */
async function requestHead(hop: Hop, tlsSettings: TlsSettings | undefined, ctx: CheckContext): Promise<IncomingMessage> {
  const port = hop.url.port ? Number(hop.url.port) : defaultPort(hop.url);
  const label = endpointLabel(hop.url.hostname, port);
  const { socket } = await openConnection({ host: hop.url.hostname, port, tls: tlsSettings }, ctx);
  const { deadline, phases } = ctx;
  deadline.phase = 'headers';
  const sentAt = monotonicMs();

  return underDeadline<IncomingMessage>(deadline, (resolve, reject) => {
    // No agent + our own socket: node's no-pool path (`Connection: close`), the same
    // fresh-connection-per-check guarantee as `agent: false`, with the socket opened (and its
    // certificate verified) before a single request byte — secret headers included — is sent.
    const req = http.request({
      createConnection: () => socket as Socket,
      method: hop.method,
      path: `${hop.url.pathname}${hop.url.search}`,
      headers: { host: hop.url.host, ...hop.headers },
      setHost: false,
    });
    let response: IncomingMessage | undefined;
    req.on('error', (err) => {
      socket.destroy();
      // After the head, node reports body errors (a reset, a bad chunk) on the request only:
      // hand them to the response, where the body reader is listening.
      if (response) {
        response.destroy(err);
        return;
      }
      const { error, reason } = classifyError(err, { phase: deadline.phase, endpoint: label });
      reject(new CheckFailure(error, reason));
    });
    req.once('response', (res) => {
      phases.add('ttfb', monotonicMs() - sentAt);
      response = res;
      resolve(res);
    });
    req.end(hop.body);
    return () => {
      req.destroy();
      socket.destroy();
    };
  });
}

/**
 * Where a redirect points, or a `protocol` failure when it points nowhere usable (no Location,
 * not a URL, not http(s)): such a redirect is broken whether or not redirects are followed.
 */
function redirectTarget(status: number, location: string | undefined, base: URL): URL {
  if (!location) throw new CheckFailure('protocol', `HTTP ${status} redirect without Location`);
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    throw new CheckFailure('protocol', `HTTP ${status} with an invalid Location header "${location}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CheckFailure('protocol', `HTTP ${status} redirects to unsupported scheme ${url.protocol}`);
  }
  return url;
}

/** The request for the next hop of a redirect to `url`. */
function nextHop(previous: Hop, res: IncomingMessage, url: URL, secretNames: string[]): Hop {
  const status = res.statusCode!;
  // Browsers turn POST into GET on 301/302, and everything but HEAD into GET on 303.
  const toGet = status === 303 ? previous.method !== 'HEAD' : (status === 301 || status === 302) && previous.method === 'POST';
  const headers = { ...previous.headers };
  if (toGet) {
    delete headers['content-type'];
    delete headers['content-length'];
  }
  if (url.origin !== previous.url.origin) {
    for (const name of [...secretNames, ...CREDENTIAL_HEADERS]) delete headers[name];
  }
  return { url, method: toGet ? 'GET' : previous.method, headers, body: toGet ? undefined : previous.body };
}

export async function httpCheck(target: TargetSpec, options: HttpCheckOptions, ctx: CheckContext): Promise<HttpOutcome> {
  const secrets = lowerCaseKeys(options.secretHeaders);
  let hop: Hop = {
    url: new URL(target.url),
    method: target.method.toUpperCase(),
    headers: { 'user-agent': USER_AGENT, accept: '*/*', ...lowerCaseKeys(target.headers), ...secrets },
    body: target.body,
  };
  const badHeader = requestHeadersProblem(hop.headers);
  if (badHeader) throw new CheckFailure('config', badHeader); // before any connection: never ERR_INVALID_CHAR mid-request
  const chain = [hop.url.href];

  for (;;) {
    const tlsSettings = hop.url.protocol === 'https:' ? { ...tlsSettingsFor(target), alpnProtocols: ['http/1.1'] } : undefined;
    const res = await requestHead(hop, tlsSettings, ctx);
    const status = res.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      let url: URL;
      try {
        url = redirectTarget(status, res.headers.location?.trim(), hop.url);
      } catch (err) {
        res.destroy();
        res.socket?.destroy();
        throw err;
      }
      if (target.maxRedirects > 0) {
        // The redirect's own body is never needed: drop the connection.
        res.destroy();
        res.socket?.destroy();
        const next = nextHop(hop, res, url, Object.keys(secrets));
        if (chain.includes(next.url.href)) {
          throw new CheckFailure('redirects', `redirect loop: ${describeChain([...chain, next.url.href])}`);
        }
        if (chain.length > target.maxRedirects) {
          throw new CheckFailure('redirects', `more than ${target.maxRedirects} redirects: ${describeChain([...chain, next.url.href])}`);
        }
        chain.push(next.url.href);
        hop = next;
        continue;
      }
    }

    const read = await readBody(res, { maxBytes: target.maxBodyBytes, keep: options.needsBody }, ctx);
    const decoded = read.body ? decodeBody(read.body, res.headers['content-type']) : null;
    return {
      status,
      headers: res.headers,
      body: decoded?.text ?? null,
      bodyCharsetNote: decoded?.note ?? null,
      bodyBytes: read.bytes,
      bodyTooLarge: read.tooLarge,
      chain,
    };
  }
}
