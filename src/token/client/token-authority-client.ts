import got, { type Got } from 'got';

/** A token as the authority hands it out. */
export interface AuthorityToken {
  accessToken: string;
  expiresAt: Date;
}

export interface TokenAuthorityClientOptions {
  /** Where wechat-sync's API listens, e.g. `http://wechat-sync.internal:8084`. */
  baseUrl: string;
  /** This system's credential from TOKEN_CLIENTS_FILE (sent as `Authorization: Bearer …`). */
  credential: string;
  /** Limit for one request; default 10 s. */
  timeoutMs?: number;
}

/** The authority refused or failed: `status` and `code` as its error body says. Never holds a token. */
export class TokenAuthorityError extends Error {
  override readonly name = 'TokenAuthorityError' as const;
  readonly status: number;
  readonly code: string;
  /** Seconds to wait before asking again (429), else null. */
  readonly retryAfterS: number | null;
  /** 429s and 5xx pass; 401/403/400 are configuration faults of the caller. */
  readonly retry: 'after' | 'never';

  constructor(data: { status: number; code: string; message: string; retryAfterS: number | null }) {
    super(`token authority answered ${data.status} ${data.code}: ${data.message}`);
    this.status = data.status;
    this.code = data.code;
    this.retryAfterS = data.retryAfterS;
    this.retry = data.status === 429 || data.status >= 500 ? 'after' : 'never';
  }
}

/** WeChat's answers that mean "this token is not good": the ones to report to the authority. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * For the organisation's other systems: read an app's token from wechat-sync instead of
 * fetching one from WeChat (which would knock out everyone else's), and report a token
 * WeChat rejected (passive refresh). Keeps no token of its own: every read asks the
 * authority, whose answer is a Redis read.
 */
export class TokenAuthorityClient {
  readonly #got: Got;

  constructor(opts: TokenAuthorityClientOptions) {
    this.#got = got.extend({
      prefixUrl: opts.baseUrl.replace(/\/+$/, ''),
      headers: { authorization: `Bearer ${opts.credential}`, 'user-agent': 'wechat-sync-token-client' },
      timeout: { request: opts.timeoutMs ?? 10_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: 'json',
    });
  }

  /** The app's current token. */
  getToken(appId: string): Promise<AuthorityToken> {
    return this.#ask('GET', appId, 'token');
  }

  /** After WeChat rejected `rejected` (40001/40014/42001): a newer token, refreshed only if needed. */
  refresh(appId: string, rejected: string): Promise<AuthorityToken> {
    return this.#ask('POST', appId, 'token/refresh', { rejected });
  }

  /**
   * Runs `call` with the app's token; when `call` answers with one of WeChat's token
   * errcodes (read by `errcodeOf`), reports that token and runs `call` once more with
   * the token the authority hands back.
   */
  async withToken<T>(
    appId: string,
    call: (accessToken: string) => Promise<T>,
    errcodeOf: (answer: T) => number | null,
  ): Promise<T> {
    const { accessToken } = await this.getToken(appId);
    const answer = await call(accessToken);
    const errcode = errcodeOf(answer);
    if (errcode === null || !TOKEN_REJECTED_ERRCODES.has(errcode)) return answer;
    return call((await this.refresh(appId, accessToken)).accessToken);
  }

  async #ask(method: 'GET' | 'POST', appId: string, path: string, json?: unknown): Promise<AuthorityToken> {
    const res = await this.#got(`official-api/wechat/apps/${encodeURIComponent(appId)}/${path}`, {
      method,
      ...(json !== undefined ? { json } : {}),
    });
    const body = res.body as {
      access_token?: unknown;
      expires_at?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    if (
      res.statusCode === 200 &&
      typeof body.access_token === 'string' &&
      typeof body.expires_at === 'string'
    ) {
      return { accessToken: body.access_token, expiresAt: new Date(body.expires_at) };
    }
    const retryAfter = Number(res.headers['retry-after']);
    throw new TokenAuthorityError({
      status: res.statusCode,
      code: typeof body.error?.code === 'string' ? body.error.code : 'UNEXPECTED_ANSWER',
      message: typeof body.error?.message === 'string' ? body.error.message.slice(0, 500) : 'no error body',
      retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    });
  }
}
