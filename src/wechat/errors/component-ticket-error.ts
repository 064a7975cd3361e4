import { WeChatError, type WeChatErrorData } from './wechat-error.js';

/**
 * 61005 (component_verify_ticket expired) and 61006 (ticket invalid) from
 * api_component_token. WeChat pushes a fresh ticket every 10 minutes, so a later attempt
 * (with backoff) can succeed once it has arrived; `componentAppId` names the platform.
 */
export class ComponentTicketError extends WeChatError {
  override readonly name = 'ComponentTicketError' as const;
  readonly retry = 'backoff' as const;
  readonly code = 'COMPONENT_TICKET' as const;
  readonly componentAppId: string;

  constructor(data: WeChatErrorData) {
    super(
      `WeChat refused the component_verify_ticket of platform ${data.appId} (errcode ${data.errcode}): ${data.errmsg}; the next ticket push (every 10 minutes) replaces it`,
      data,
    );
    this.componentAppId = data.appId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, componentAppId: this.componentAppId };
  }
}
