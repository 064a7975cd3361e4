import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePushXml, type XmlNode } from '../../src/push/push-xml.js';
import { aesKeyOf, decryptMessage, verifyPushSignature } from '../../src/wechat-crypto/index.js';

/**
 * A stand-in for a third-party platform's authorisation-event URL: verifies each push
 * as a platform must (signature, msg_signature over `<Encrypt>`, the outer `<AppId>`),
 * decrypts it with src/wechat-crypto (the component AppID inside the cipher), keeps the
 * event and answers `success`. Tests await events instead of sleeping:
 *
 *   const receiver = await PlatformReceiver.start({ componentAppId, token, encodingAESKey });
 *   await sim.platform.put(componentAppId, { …, eventUrl: receiver.url });
 *   await sim.platform.pushTicket(componentAppId);
 *   const event = await receiver.waitFor('component_verify_ticket');
 *   event.fields.ComponentVerifyTicket; // the ticket
 */

export interface ReceivedPlatformEvent {
  /** `component_verify_ticket`, `authorized`, `updateauthorized`, `unauthorized`. */
  infoType: string;
  /** The decrypted message's fields as text (AppId, CreateTime, ComponentVerifyTicket, AuthorizerAppid, …). */
  fields: Record<string, string>;
  /** The query WeChat signed (timestamp, nonce, …). */
  query: Record<string, string>;
}

export interface PlatformReceiverOptions {
  componentAppId: string;
  token: string;
  encodingAESKey: string;
  /** URL path of the events; default `/events`. */
  path?: string;
}

/** What to answer a push (after it was verified and kept): default 200 `success`; `hang` never answers. */
export type ReceiverAnswer = { status: number; body: string } | 'hang';

const MAX_BODY = 64 * 1024;

interface Waiter {
  match: (event: ReceivedPlatformEvent) => boolean;
  resolve: (event: ReceivedPlatformEvent) => void;
}

export class PlatformReceiver {
  readonly events: ReceivedPlatformEvent[] = [];
  /** Why refused pushes were refused (bad signature, wrong AppId, …), in order. */
  readonly refusals: string[] = [];
  /** Every POST that arrived, refused or not (WeChat's retries count). */
  deliveries = 0;
  #answer: (event: ReceivedPlatformEvent) => ReceiverAnswer = () => ({ status: 200, body: 'success' });
  readonly #waiters = new Set<Waiter>();
  readonly #hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private readonly opts: PlatformReceiverOptions,
    readonly url: string,
  ) {}

  static async start(opts: PlatformReceiverOptions): Promise<PlatformReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const receiver = new PlatformReceiver(server, opts, `http://127.0.0.1:${port}${opts.path ?? '/events'}`);
    server.on('request', (req, res) => void receiver.#onRequest(req, res));
    return receiver;
  }

  /** Sets what later pushes are answered (e.g. a 500 or `hang`, to see WeChat's retries). */
  answerWith(answer: (event: ReceivedPlatformEvent) => ReceiverAnswer): void {
    this.#answer = answer;
  }

  /** The first event (kept already, or arriving within `timeoutMs`) of this InfoType or matching `match`. */
  waitFor(
    match: string | ((event: ReceivedPlatformEvent) => boolean),
    timeoutMs = 5_000,
  ): Promise<ReceivedPlatformEvent> {
    const test = typeof match === 'string' ? (e: ReceivedPlatformEvent) => e.infoType === match : match;
    const kept = this.events.find(test);
    if (kept) return Promise.resolve(kept);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: test,
        resolve: (event) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.events.map((e) => e.infoType).join(', ') || 'none';
        reject(new Error(`no matching platform event within ${timeoutMs} ms (seen: ${seen})`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.deliveries++;
    const url = new URL(req.url ?? '/', 'http://receiver');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return void this.#refuse(res, 413, 'body too large');
      chunks.push(chunk as Buffer);
    }
    if (req.method !== 'POST' || url.pathname !== (this.opts.path ?? '/events'))
      return void this.#refuse(res, 404, `${req.method} ${url.pathname}`);
    const query = Object.fromEntries(url.searchParams);
    let event: ReceivedPlatformEvent;
    try {
      event = this.#open(query, Buffer.concat(chunks).toString('utf8'));
    } catch (error) {
      return void this.#refuse(res, 401, error instanceof Error ? error.message : String(error));
    }
    this.events.push(event);
    for (const waiter of [...this.#waiters]) if (waiter.match(event)) waiter.resolve(event);
    const answer = this.#answer(event);
    if (answer === 'hang') {
      this.#hanging.add(res);
      res.on('close', () => this.#hanging.delete(res));
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
  }

  #refuse(res: ServerResponse, status: number, reason: string): void {
    this.refusals.push(reason);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
  }

  /** Verifies and decrypts one push as a platform must; throws naming what is wrong. */
  #open(query: Record<string, string>, body: string): ReceivedPlatformEvent {
    const { token, encodingAESKey, componentAppId } = this.opts;
    const { signature = '', timestamp = '', nonce = '', msg_signature = '', encrypt_type } = query;
    if (!verifyPushSignature([token, timestamp, nonce], signature)) throw new Error('bad signature');
    if (encrypt_type !== 'aes') throw new Error('platform pushes are always encrypted (encrypt_type=aes)');
    const outer = parsePushXml(body);
    if (text(outer.AppId) !== componentAppId) throw new Error(`outer AppId ${text(outer.AppId)} is not ours`);
    const encrypted = text(outer.Encrypt);
    if (!verifyPushSignature([token, timestamp, nonce, encrypted], msg_signature))
      throw new Error('bad msg_signature');
    const inner = parsePushXml(decryptMessage(aesKeyOf(encodingAESKey), componentAppId, encrypted));
    const fields = Object.fromEntries(Object.entries(inner).map(([name, value]) => [name, text(value)]));
    return { infoType: fields.InfoType ?? '', fields, query };
  }
}

function text(node: XmlNode | XmlNode[] | undefined): string {
  return typeof node === 'string' ? node : '';
}
