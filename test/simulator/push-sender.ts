import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { aesKeyOf, encryptMessage, pushSignature } from '../../src/wechat-crypto/index.js';

/** How WeChat sends to the account's server URL: plain, compatible (both forms) or safe (安全模式, encrypted only). */
export type PushMode = 'plain' | 'compatible' | 'safe';

export interface PushTarget {
  /** The system's push URL of the account, e.g. `http://127.0.0.1:8084/wechat/push/gh_x`. */
  url: string;
  /** The account's server-URL Token. */
  token: string;
  appId: string;
  mode: PushMode;
  /** Required for compatible and safe mode. */
  encodingAESKey?: string;
  /** WeChat waits 5 s, then retries: three tries in all. */
  answerTimeoutMs?: number;
  tries?: number;
  /** Seconds for `timestamp` (the sim clock); default real time. */
  nowSec?: () => number;
  /**
   * `account` (default): `<ToUserName>` beside `<Encrypt>`; `platform`: a third-party
   * platform's authorisation events, `<AppId>` (the component AppID) beside `<Encrypt>`.
   */
  envelope?: 'account' | 'platform';
}

export interface PushOutcome {
  /** HTTP status of the last try; 0 when every try timed out or failed to connect. */
  status: number;
  body: string;
  tries: number;
}

/**
 * Sends pushes as WeChat does: XML POSTed to the server URL with `signature`, `timestamp`
 * and `nonce` (and, encrypted, `encrypt_type=aes` and `msg_signature` over the Encrypt
 * text), retried when the answer is slower than WeChat's 5 s or fails.
 */
export class PushSender {
  readonly #key: Buffer | null;

  constructor(private readonly target: PushTarget) {
    this.#key = target.encodingAESKey ? aesKeyOf(target.encodingAESKey) : null;
    if (target.mode !== 'plain' && this.#key === null)
      throw new RangeError(`${target.mode} mode needs an encodingAESKey`);
  }

  /** The URL and body of one delivery of `xml` (exposed so tests can tamper with them). */
  build(xml: string): { url: string; body: string } {
    const { token, appId, mode } = this.target;
    const timestamp = String(this.target.nowSec?.() ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString('hex');
    const url = new URL(this.target.url);
    url.searchParams.set('signature', pushSignature([token, timestamp, nonce]));
    url.searchParams.set('timestamp', timestamp);
    url.searchParams.set('nonce', nonce);
    if (mode === 'plain' || this.#key === null) return { url: url.href, body: xml };
    const encrypted = encryptMessage(this.#key, appId, xml);
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', pushSignature([token, timestamp, nonce, encrypted]));
    const inner = `<Encrypt><![CDATA[${encrypted}]]></Encrypt>`;
    if (this.target.envelope === 'platform')
      return { url: url.href, body: `<xml><AppId><![CDATA[${appId}]]></AppId>${inner}</xml>` };
    // Compatible mode carries the plain fields beside <Encrypt>; safe mode only the envelope.
    const plainFields = mode === 'compatible' ? xml.replace(/^<xml>|<\/xml>$/g, '') : '';
    return {
      url: url.href,
      body: `<xml><ToUserName><![CDATA[gh_sim]]></ToUserName>${inner}${plainFields}</xml>`,
    };
  }

  /** One push with WeChat's retries (each retry re-signed with a fresh nonce, as WeChat does). */
  async send(xml: string): Promise<PushOutcome> {
    const tries = this.target.tries ?? 3;
    let last: PushOutcome = { status: 0, body: '', tries: 0 };
    for (let attempt = 1; attempt <= tries; attempt++) {
      const { url, body } = this.build(xml);
      last = { ...(await post(url, body, this.target.answerTimeoutMs ?? 5_000)), tries: attempt };
      if (last.status >= 200 && last.status < 300) return last;
      // WeChat does not retry what the server refused (4xx): it would be refused again.
      if (last.status >= 400 && last.status < 500) return last;
    }
    return last;
  }
}

/** One keep-alive agent for every sender: WeChat reuses connections, and a storm would exhaust ports otherwise. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/*
 * node:http rather than fetch: a push storm in a test sends tens of thousands of small
 * POSTs, and fetch's per-request overhead (streams, Headers, AbortSignal) was most of the
 * sender's CPU there.
 */
function post(url: string, body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => done(err));
      },
    );
    // No answer within WeChat's wait: the try is abandoned (the server may still process it, as with WeChat).
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const done = (err: Error) => {
      clearTimeout(timer);
      resolve({ status: 0, body: err.message });
    };
    req.on('error', done);
    req.end(body);
  });
}
