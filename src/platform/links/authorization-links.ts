/** WeChat's authorisation pages (wechat-api.md, component mode; interfaces of issue 14). */
export const PC_PAGE_PATH = '/cgi-bin/componentloginpage';
export const MOBILE_PAGE_PATH = '/wxaopen/safe/bindcomponent';

/** auth_type: 1 Official Accounts only, 2 Mini Programs only, 3 both. */
export const AUTH_TYPES = [1, 2, 3] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface LinkParts {
  mpBase: string;
  openBase: string;
  componentAppId: string;
  preAuthCode: string;
  redirectUri: string;
  authType: AuthType;
  /** Pins the link to one account: another account's administrator cannot use it. */
  bizAppId: string | null;
}

export interface AuthorizationLinks {
  /** Opened in a desktop browser; the administrator scans a QR code with WeChat. */
  pc: string;
  /** Opened inside WeChat on the administrator's phone. */
  mobile: string;
}

/** The PC and mobile links of one pre-auth code. Pure. */
export function authorizationLinks(p: LinkParts): AuthorizationLinks {
  const common: [string, string][] = [
    ['component_appid', p.componentAppId],
    ['pre_auth_code', p.preAuthCode],
    ['redirect_uri', p.redirectUri],
    ['auth_type', String(p.authType)],
  ];
  if (p.bizAppId !== null) common.push(['biz_appid', p.bizAppId]);
  const pc = new URL(`${p.mpBase}${PC_PAGE_PATH}`);
  for (const [k, v] of common) pc.searchParams.set(k, v);
  const mobile = new URL(`${p.openBase}${MOBILE_PAGE_PATH}`);
  for (const [k, v] of [['action', 'bindcomponent'], ['no_scan', '1'], ...common] as [string, string][])
    mobile.searchParams.set(k, v);
  // WeChat's in-app browser opens the page only with this fragment.
  mobile.hash = 'wechat_redirect';
  return { pc: pc.href, mobile: mobile.href };
}

/** Where WeChat sends the administrator's browser after the approval. */
export function landingUrl(publicUrl: string, platformId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/wechat/platform/${encodeURIComponent(platformId)}/authorized`;
}
