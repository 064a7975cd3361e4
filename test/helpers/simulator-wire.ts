import { request } from 'node:http';

/** A WeChat request id: three groups of 8 lowercase hex. */
export const RID = /[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}/;

const DAY_MS = 86_400_000;

/**
 * How far `now` is from the next 12:00 China time (04:00 UTC). Tests that count daily
 * quotas advance the sim clock there first, so a run near midnight in Beijing cannot
 * see the counters reset halfway.
 */
export function untilChinaNoon(now: number): number {
  return (((4 * 3_600_000 - now) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** A socket idle this long fails the call: no test hangs on a simulator that stopped answering. */
const WIRE_TIMEOUT_MS = 60_000;

/** One answer as it came over the wire (status, content type, raw text, JSON when it parses). */
export interface WireAnswer {
  status: number;
  contentType: string;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read WeChat's loosely typed bodies field by field.
  json: any;
}

/**
 * A raw HTTP call with its own connection (`agent: false`), so tests see exactly what
 * the simulator sent (resets included) and no pooled socket outlives the test.
 */
export function wire(url: string, opts: { method?: string; body?: string } = {}): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: opts.method ?? 'GET', agent: false, timeout: WIRE_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
            text,
            json,
          });
        });
      },
    );
    req.on('error', reject);
    req.on('timeout', () =>
      req.destroy(new Error(`wire: no answer from ${new URL(url).pathname} within ${WIRE_TIMEOUT_MS} ms`)),
    );
    req.end(opts.body);
  });
}

/** Calls the simulator's WeChat endpoints the way a client would. */
export class WeChatWire {
  constructor(private readonly base: string) {}

  /** `GET /cgi-bin/token`; `params` replaces or (with undefined) removes query parameters. */
  token(appId: string, secret: string, params: Record<string, string | undefined> = {}): Promise<WireAnswer> {
    const query = new URLSearchParams();
    const all = { grant_type: 'client_credential', appid: appId, secret, ...params };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, value);
    return wire(`${this.base}/cgi-bin/token?${query}`);
  }

  stableToken(appId: string, secret: string, forceRefresh = false): Promise<WireAnswer> {
    const body = { grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh };
    return this.post('/cgi-bin/stable_token', JSON.stringify(body));
  }

  /** A token from `/cgi-bin/stable_token`, failing loudly when the simulator refuses. */
  async tokenOf(appId: string, secret: string): Promise<string> {
    const answer = await this.stableToken(appId, secret);
    if (typeof answer.json?.access_token !== 'string') throw new Error(`no token: ${answer.text}`);
    return answer.json.access_token;
  }

  /** A data call; `body` makes it a POST with that JSON, `query` adds parameters. */
  data(
    path: string,
    token: string | null,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<WireAnswer> {
    const params = new URLSearchParams(query);
    if (token !== null) params.set('access_token', token);
    const url = `${path}?${params}`;
    return body === undefined ? wire(`${this.base}${url}`) : this.post(url, JSON.stringify(body));
  }

  post(pathAndQuery: string, body: string): Promise<WireAnswer> {
    return wire(`${this.base}${pathAndQuery}`, { method: 'POST', body });
  }
}
