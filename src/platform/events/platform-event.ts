import { z } from 'zod';
import type { XmlNode } from '../../push/push-xml.js';

/**
 * What WeChat pushes to a platform's authorisation-event URL (授权事件接收URL), decrypted.
 * Times are epoch ms (WeChat's CreateTime is Unix seconds). An InfoType we do not act on
 * (e.g. `notify_third_fasteregister`) is `other`: answered `success`, ignored.
 */
export type PlatformEvent =
  | { infoType: 'component_verify_ticket'; ticket: string; createdAt: number }
  | {
      infoType: 'authorized' | 'updateauthorized';
      authorizerAppId: string;
      authCode: string;
      createdAt: number;
    }
  | { infoType: 'unauthorized'; authorizerAppId: string; createdAt: number }
  | { infoType: 'other'; name: string };

/** Bounded before anything reaches a store, a log line or WeChat. */
const seconds = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform((s) => Number(s) * 1000);
const appId = z.string().regex(/^wx[0-9A-Za-z]{16}$/);
const secretText = z.string().min(1).max(512);

const head = { AppId: z.string().max(64), CreateTime: seconds };

const ticketEvent = z.looseObject({
  ...head,
  InfoType: z.literal('component_verify_ticket'),
  ComponentVerifyTicket: secretText,
});
const authorizedEvent = z.looseObject({
  ...head,
  InfoType: z.enum(['authorized', 'updateauthorized']),
  AuthorizerAppid: appId,
  AuthorizationCode: secretText,
});
const unauthorizedEvent = z.looseObject({
  ...head,
  InfoType: z.literal('unauthorized'),
  AuthorizerAppid: appId,
});

const INFO_TYPE = /^[A-Za-z0-9_]{1,64}$/;

/** The event in a decrypted push, or null when a known InfoType lacks the fields it needs. */
export function readPlatformEvent(root: Record<string, XmlNode | XmlNode[]>): PlatformEvent | null {
  const infoType = root.InfoType;
  if (typeof infoType !== 'string') return null;
  switch (infoType) {
    case 'component_verify_ticket': {
      const e = ticketEvent.safeParse(root);
      return e.success
        ? { infoType, ticket: e.data.ComponentVerifyTicket, createdAt: e.data.CreateTime }
        : null;
    }
    case 'authorized':
    case 'updateauthorized': {
      const e = authorizedEvent.safeParse(root);
      return e.success
        ? {
            infoType,
            authorizerAppId: e.data.AuthorizerAppid,
            authCode: e.data.AuthorizationCode,
            createdAt: e.data.CreateTime,
          }
        : null;
    }
    case 'unauthorized': {
      const e = unauthorizedEvent.safeParse(root);
      return e.success
        ? { infoType, authorizerAppId: e.data.AuthorizerAppid, createdAt: e.data.CreateTime }
        : null;
    }
    default:
      return { infoType: 'other', name: INFO_TYPE.test(infoType) ? infoType : '(unreadable)' };
  }
}
