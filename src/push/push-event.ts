import { z } from 'zod';
import type { XmlNode } from './push-xml.js';

/**
 * The pushes the system acts on, as they travel from the route to the event job (JSON
 * in Redis). `at` is WeChat's CreateTime (Unix seconds): the order of events of one
 * follower, since retries and WeChat's own delivery can reorder them.
 */
export type PushEvent =
  | { type: 'subscribe' | 'unsubscribe'; openid: string; at: number }
  | {
      type: 'publish';
      at: number;
      publishId: string;
      /** 0 ok, 1 publishing, 2 originality check failed, 3 failed, 4 rejected, 5 deleted, 6 banned. */
      status: number;
      articleId: string;
    }
  | {
      type: 'masssend';
      at: number;
      msgId: string;
      status: string;
      totalCount: number;
      sentCount: number;
      errorCount: number;
    };

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const text = (max: number) => z.string().max(max);
const digits = z.string().regex(/^\d{1,20}$/);
const seconds = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number);
const count = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number)
  .default(0);

const common = {
  ToUserName: text(64),
  FromUserName: z.string().regex(OPENID),
  CreateTime: seconds,
  MsgType: text(32),
};

const followerEvent = z.looseObject({ ...common, Event: z.enum(['subscribe', 'unsubscribe']) });

const publishEvent = z.looseObject({
  ...common,
  Event: z.literal('PUBLISHJOBFINISH'),
  PublishEventInfo: z.looseObject({
    publish_id: digits,
    publish_status: z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number),
    article_id: text(128).default(''),
  }),
});

const massSendEvent = z.looseObject({
  ...common,
  Event: z.literal('MASSSENDJOBFINISH'),
  MsgID: digits,
  Status: text(64).default(''),
  TotalCount: count,
  SentCount: count,
  ErrorCount: count,
});

/** What a push is to the system: an event it acts on, or one it only acknowledges. */
export type ReadPush =
  | { kind: 'event'; event: PushEvent; dedupId: string }
  | { kind: 'ignored'; msgType: string; event: string; dedupId: string };

/**
 * WeChat's retry key (wechat-api.md): MsgId for messages, FromUserName + CreateTime for
 * events. The event name is added so a subscribe and an unsubscribe of one follower in
 * the same second stay two events.
 */
function dedupIdOf(root: Record<string, XmlNode | XmlNode[]>): string {
  const msgId = root.MsgId ?? root.MsgID;
  if (typeof msgId === 'string' && /^\d{1,20}$/.test(msgId)) return `m${msgId}`;
  const from = typeof root.FromUserName === 'string' ? root.FromUserName.slice(0, 64) : '';
  const time = typeof root.CreateTime === 'string' ? root.CreateTime.slice(0, 12) : '';
  const event = typeof root.Event === 'string' ? root.Event.slice(0, 32) : '';
  return `e${from}:${time}:${event}`;
}

/** Reads the children of a push's `<xml>`; null when a field the system needs is missing or malformed. */
export function readPush(root: Record<string, XmlNode | XmlNode[]>): ReadPush | null {
  const dedupId = dedupIdOf(root);
  const base = z.looseObject(common).safeParse(root);
  if (!base.success) return null;
  const { MsgType, FromUserName: openid, CreateTime: at } = base.data;
  const eventName = typeof root.Event === 'string' ? root.Event : '';
  if (MsgType === 'event' && (eventName === 'subscribe' || eventName === 'unsubscribe')) {
    const parsed = followerEvent.safeParse(root);
    return parsed.success ? { kind: 'event', dedupId, event: { type: eventName, openid, at } } : null;
  }
  if (MsgType === 'event' && eventName === 'PUBLISHJOBFINISH') {
    const parsed = publishEvent.safeParse(root);
    if (!parsed.success) return null;
    const info = parsed.data.PublishEventInfo;
    const event: PushEvent = {
      type: 'publish',
      at,
      publishId: info.publish_id,
      status: info.publish_status,
      articleId: info.article_id,
    };
    return { kind: 'event', dedupId, event };
  }
  if (MsgType === 'event' && eventName === 'MASSSENDJOBFINISH') {
    const parsed = massSendEvent.safeParse(root);
    if (!parsed.success) return null;
    const d = parsed.data;
    const event: PushEvent = {
      type: 'masssend',
      at,
      msgId: d.MsgID,
      status: d.Status,
      totalCount: d.TotalCount,
      sentCount: d.SentCount,
      errorCount: d.ErrorCount,
    };
    return { kind: 'event', dedupId, event };
  }
  return { kind: 'ignored', dedupId, msgType: MsgType, event: eventName.slice(0, 32) };
}

/** The same events read back from Redis (the job re-validates what it did not write itself). */
export const pushEventSchema: z.ZodType<PushEvent> = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.enum(['subscribe', 'unsubscribe']),
    openid: z.string().regex(OPENID),
    at: z.number().int(),
  }),
  z.strictObject({
    type: z.literal('publish'),
    at: z.number().int(),
    publishId: z.string(),
    status: z.number().int(),
    articleId: z.string(),
  }),
  z.strictObject({
    type: z.literal('masssend'),
    at: z.number().int(),
    msgId: z.string(),
    status: z.string(),
    totalCount: z.number().int(),
    sentCount: z.number().int(),
    errorCount: z.number().int(),
  }),
]);
