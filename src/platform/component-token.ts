import type { Platform } from '../config/index.js';
import type { ComponentApp } from '../token/token-app.js';
import { isComponentApp, WrongTokenAppError } from '../token/token-app.js';
import type { TokenSource } from '../token/token-source.js';
import type { IssuedToken } from '../wechat/access-token.js';
import type { ComponentApi } from '../wechat/component-api.js';
import { ComponentTicketError } from '../wechat/errors/index.js';
import { type TicketStore, ticketValid } from './ticket-store.js';

const COMPONENT_TOKEN_ENDPOINT = '/cgi-bin/component/api_component_token';

/** The token-cache key of a platform's component_access_token: its component AppID. */
export function componentApp(platform: Platform): ComponentApp {
  return {
    appId: platform.componentAppId,
    platformId: platform.platformId,
    componentAppSecret: platform.componentAppSecret,
  };
}

export interface ComponentTokenSourceDeps {
  tickets: TicketStore;
  component: Pick<ComponentApi, 'fetchComponentToken'>;
  now: () => number;
}

/**
 * Where a TokenCache of component apps gets component_access_tokens: api_component_token
 * with the platform's last stored ticket. Without a ticket, or with one past its 12 h,
 * WeChat would refuse (61005/61006): the same ComponentTicketError is raised without the
 * call, and the job retries with backoff until the next push (every 10 minutes) stores one.
 * The TokenCache around it gives the cross-process single flight, keyed by component AppID.
 */
export function componentTokenSource(deps: ComponentTokenSourceDeps): TokenSource {
  return {
    async fetch(app): Promise<IssuedToken> {
      if (!isComponentApp(app)) throw new WrongTokenAppError(app.appId, 'component');
      const stored = await deps.tickets.get(app.platformId);
      if (stored === null || !ticketValid(stored, deps.now())) {
        throw new ComponentTicketError({
          errcode: null,
          errmsg:
            stored === null
              ? 'no component_verify_ticket stored yet: WeChat pushes one every 10 minutes to the authorisation-event URL'
              : `the last component_verify_ticket (${new Date(stored.createdAt).toISOString()}) is older than 12 hours: are ticket pushes reaching the authorisation-event URL?`,
          rid: null,
          appId: app.appId,
          endpoint: COMPONENT_TOKEN_ENDPOINT,
        });
      }
      return deps.component.fetchComponentToken(
        { componentAppId: app.appId, componentAppSecret: app.componentAppSecret },
        stored.ticket,
      );
    },
  };
}
