import type { PlatformState } from './platform-state.js';
import { type PushOutcome, PushSender } from './push-sender.js';
import type { SimulatorState } from './state.js';

/*
 * The pushes WeChat sends to a platform's authorisation-event URL (授权事件接收URL),
 * field for field as the open platform's docs show them; always encrypted, with the
 * component AppID inside the cipher and in `<AppId>` beside `<Encrypt>`.
 */

const cdata = (value: string) => `<![CDATA[${value}]]>`;

export type PlatformEvent =
  | { infoType: 'component_verify_ticket'; ticket: string }
  | {
      infoType: 'authorized' | 'updateauthorized';
      authorizerAppId: string;
      authCode: string;
      /** Unix seconds the auth code stops working. */
      authCodeExpiredTime: number;
      preAuthCode: string;
    }
  | { infoType: 'unauthorized'; authorizerAppId: string };

export function platformEventXml(componentAppId: string, createTime: number, event: PlatformEvent): string {
  const head = `<AppId>${cdata(componentAppId)}</AppId><CreateTime>${createTime}</CreateTime><InfoType>${cdata(event.infoType)}</InfoType>`;
  switch (event.infoType) {
    case 'component_verify_ticket':
      return `<xml>${head}<ComponentVerifyTicket>${cdata(event.ticket)}</ComponentVerifyTicket></xml>`;
    case 'authorized':
    case 'updateauthorized':
      return `<xml>${head}<AuthorizerAppid>${cdata(event.authorizerAppId)}</AuthorizerAppid><AuthorizationCode>${cdata(event.authCode)}</AuthorizationCode><AuthorizationCodeExpiredTime>${event.authCodeExpiredTime}</AuthorizationCodeExpiredTime><PreAuthCode>${cdata(event.preAuthCode)}</PreAuthCode></xml>`;
    case 'unauthorized':
      return `<xml>${head}<AuthorizerAppid>${cdata(event.authorizerAppId)}</AuthorizerAppid></xml>`;
  }
}

/**
 * Sends one event to the platform's URL with WeChat's retries (push-sender.ts); null when
 * the platform has no event URL. Counted in the platform's `pushes` by InfoType.
 * `CreateTime` is the sim clock (a ticket's 12 h run on it); the signed query
 * `timestamp` is real time, so a receiver's replay window (±300 s of its own clock)
 * accepts pushes after a test moved the sim clock.
 */
export async function pushPlatformEvent(
  platform: PlatformState,
  event: PlatformEvent,
  nowMs: number,
): Promise<PushOutcome | null> {
  const { eventUrl, token, encodingAESKey } = platform.config;
  if (eventUrl === null) return null;
  const createTime = Math.floor(nowMs / 1000);
  const sender = new PushSender({
    url: eventUrl,
    token,
    appId: platform.componentAppId,
    mode: 'safe',
    encodingAESKey,
    envelope: 'platform',
  });
  platform.countPush(event.infoType);
  return sender.send(platformEventXml(platform.componentAppId, createTime, event));
}

/** A new ticket (12 h on the sim clock), pushed now: what WeChat does every 10 minutes. */
export async function pushTicketNow(
  state: SimulatorState,
  platform: PlatformState,
): Promise<{ ticket: string; createTime: number; push: PushOutcome | null }> {
  const now = state.clock.now();
  const { ticket, createTime } = platform.issueTicket(now);
  const push = await pushPlatformEvent(platform, { infoType: 'component_verify_ticket', ticket }, now);
  return { ticket, createTime, push };
}
