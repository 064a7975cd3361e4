import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got } from 'got';
import type { z } from 'zod';
import { proxyOrigin } from '../egress/egress.js';
import { proxyAgents } from '../egress/proxy-agents.js';
import { proxyFailure } from '../egress/proxy-failure.js';
import { classifyAnswer } from './classify-answer.js';
import { classifyRequestError } from './classify-request-error.js';
import { TransientError } from './errors/index.js';
import { describeIssues } from './lenient-list.js';

/**
 * The largest WeChat answer read. The biggest real ones are a `user/get` page (10 000
 * openids, about 300 KB) and a `freepublish/batchget` page of 20 articles with their HTML;
 * got would otherwise buffer whatever a broken proxy or a hostile endpoint sends.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Told the outcome of every call (metrics); `outcome` is `ok` or the error's code. */
export type CallObserver = (endpoint: string, outcome: 'ok' | { error: unknown }) => void;

export interface WeChatHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  maxSockets: number;
  now: () => number;
  onCall?: CallObserver;
  /** WECHAT_PROXY_URL: every call through this forward proxy (src/egress); absent = direct. */
  proxyUrl?: string | null;
  /** Default MAX_ANSWER_BYTES. */
  maxAnswerBytes?: number;
}

/** One call to WeChat. `redact` lists the credentials it carries, so no error can quote them. */
export interface WeChatRequest {
  appId: string;
  method: 'GET' | 'POST';
  /** Path only, e.g. `/cgi-bin/user/get`; it names the endpoint in errors. */
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  redact: readonly string[];
}

/**
 * The wire under WeChatClient: sends a request, hands every answer to the classifier and
 * validates success bodies. Every failure leaves as a WeChatError; got's own errors never
 * escape, because they carry the request URL (with `secret=` / `access_token=`).
 */
export class WeChatHttp {
  readonly #got: Got;
  readonly #baseUrl: string;
  readonly #now: () => number;
  readonly #agents: { http: HttpAgent; https: HttpsAgent };
  readonly #onCall: CallObserver;
  /** The proxy's origin (no credentials), named in errors of the proxied path; null = direct. */
  readonly #proxy: string | null;
  readonly #maxAnswerBytes: number;
  #closed = false;

  constructor(opts: WeChatHttpOptions) {
    if (!(opts.timeoutMs > 0))
      throw new RangeError(`WeChatClient: timeoutMs must be > 0, got ${opts.timeoutMs}`);
    this.#baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.#now = opts.now;
    this.#onCall = opts.onCall ?? (() => {});
    this.#maxAnswerBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    this.#proxy = opts.proxyUrl ? proxyOrigin(opts.proxyUrl) : null;
    this.#agents = opts.proxyUrl
      ? proxyAgents({ proxyUrl: opts.proxyUrl, maxSockets: opts.maxSockets, timeoutMs: opts.timeoutMs })
      : {
          http: new HttpAgent({ keepAlive: true, maxSockets: opts.maxSockets }),
          https: new HttpsAgent({ keepAlive: true, maxSockets: opts.maxSockets }),
        };
    this.#got = got.extend({
      agent: this.#agents,
      // Retries belong to the job queue, which knows backoff, attempts and quota windows.
      retry: { limit: 0 },
      // The classifier sees every status; WeChat reports errors inside HTTP 200 anyway.
      throwHttpErrors: false,
      timeout: { request: opts.timeoutMs },
      // Non-JSON bodies (gateway pages, truncated JSON) are data for the classifier, not crashes.
      responseType: 'text',
      // A redirect from the API origin means a captive portal or a wrong WECHAT_API_BASE;
      // following it could carry the request elsewhere. The classifier reports the 3xx.
      followRedirect: false,
      headers: { 'user-agent': 'wechat-sync' },
    });
  }

  /** Performs the call and returns the success body validated by `schema`. */
  async call<T>(req: WeChatRequest, schema: z.ZodType<T, unknown>): Promise<T> {
    try {
      const answer = await this.#validated(req, schema);
      this.#onCall(req.path, 'ok');
      return answer;
    } catch (error) {
      this.#onCall(req.path, { error });
      throw error;
    }
  }

  async #validated<T>(req: WeChatRequest, schema: z.ZodType<T, unknown>): Promise<T> {
    const body = await this.#send(req);
    const result = schema.safeParse(body);
    if (result.success) return result.data;
    throw new TransientError({
      errcode: null,
      errmsg: `HTTP 200 answer unusable: unexpected shape (${describeIssues(result.error)})`,
      rid: null,
      appId: req.appId,
      endpoint: req.path,
      kind: 'bad-response',
      statusCode: 200,
    });
  }

  #tooLarge(req: WeChatRequest): TransientError {
    return new TransientError({
      errcode: null,
      errmsg: `answer larger than ${this.#maxAnswerBytes} bytes; not read`,
      rid: null,
      appId: req.appId,
      endpoint: req.path,
      kind: 'bad-response',
      statusCode: null,
    });
  }

  /** Destroys the keep-alive sockets. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #send(req: WeChatRequest): Promise<Record<string, unknown>> {
    if (this.#closed) throw new Error('WeChatClient is closed');
    const ctx = { appId: req.appId, endpoint: req.path, redact: req.redact };
    let response: { statusCode: number; headers: Record<string, unknown>; body: string };
    let tooLarge = false;
    try {
      const pending = this.#got(`${this.#baseUrl}${req.path}`, {
        method: req.method,
        ...(req.query ? { searchParams: req.query } : {}),
        ...(req.json !== undefined ? { json: req.json } : {}),
      });
      // Stops reading at the cap (or at once, when Content-Length announces more).
      pending.on('downloadProgress', ({ transferred, total }) => {
        if (tooLarge || Math.max(transferred, total ?? 0) <= this.#maxAnswerBytes) return;
        tooLarge = true;
        pending.cancel();
      });
      response = await pending;
    } catch (err) {
      if (tooLarge) throw this.#tooLarge(req);
      const classified = classifyRequestError(err, ctx);
      throw this.#proxy ? proxyFailure(classified, this.#proxy) : classified;
    }
    const contentType = response.headers['content-type'];
    return classifyAnswer({
      ...ctx,
      statusCode: response.statusCode,
      ...(typeof contentType === 'string' ? { contentType } : {}),
      body: response.body,
      now: this.#now(),
    });
  }
}
