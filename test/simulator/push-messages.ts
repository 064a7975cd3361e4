/** The XML of the pushes the simulator sends, field for field as WeChat's docs show them. */

const cdata = (value: string) => `<![CDATA[${value}]]>`;

function envelope(toUser: string, fromUser: string, createTime: number, inner: string): string {
  return `<xml><ToUserName>${cdata(toUser)}</ToUserName><FromUserName>${cdata(fromUser)}</FromUserName><CreateTime>${createTime}</CreateTime><MsgType>${cdata('event')}</MsgType>${inner}</xml>`;
}

export function followerEventXml(
  toUser: string,
  openid: string,
  createTime: number,
  event: 'subscribe' | 'unsubscribe',
): string {
  return envelope(
    toUser,
    openid,
    createTime,
    `<Event>${cdata(event)}</Event><EventKey>${cdata('')}</EventKey>`,
  );
}

export function publishEventXml(
  toUser: string,
  createTime: number,
  info: { publishId: string; status: number; articleId: string; url?: string },
): string {
  const detail =
    info.status === 0
      ? `<article_detail><count>1</count><item><idx>1</idx><article_url>${cdata(info.url ?? '')}</article_url></item></article_detail>`
      : '';
  return envelope(
    toUser,
    'oSystemPublisher0000000000000',
    createTime,
    `<Event>${cdata('PUBLISHJOBFINISH')}</Event><PublishEventInfo><publish_id>${info.publishId}</publish_id><publish_status>${info.status}</publish_status><article_id>${cdata(info.articleId)}</article_id>${detail}</PublishEventInfo>`,
  );
}

export function massSendEventXml(
  toUser: string,
  createTime: number,
  msgId: string,
  sentCount: number,
): string {
  return envelope(
    toUser,
    'oSystemMassSend00000000000000',
    createTime,
    `<Event>${cdata('MASSSENDJOBFINISH')}</Event><MsgID>${msgId}</MsgID><Status>${cdata('send success')}</Status><TotalCount>${sentCount}</TotalCount><FilterCount>${sentCount}</FilterCount><SentCount>${sentCount}</SentCount><ErrorCount>0</ErrorCount>`,
  );
}
