import type { SimRequest } from './request.js';
import type { SimulatorState } from './state.js';

/*
 * The authorisation pages an account's administrator opens from the platform's link:
 * PC `mp.weixin.qq.com/cgi-bin/componentloginpage?…` and mobile
 * `open.weixin.qq.com/wxaopen/safe/bindcomponent?action=bindcomponent&…`. The simulator
 * serves both on its own origin (point WECHAT_MP_BASE / WECHAT_OPEN_BASE at it). A page
 * that opens records where to redirect; the administrator's approval is the control
 * `approve` (platform-control.ts). WeChat shows its errors as pages too (HTTP 200), so
 * the outcome is in `data-outcome` / `data-error`, for tests to read.
 */

export const LOGIN_PAGE_PATH = '/cgi-bin/componentloginpage';
export const BIND_PAGE_PATH = '/wxaopen/safe/bindcomponent';

export function isPlatformPage(path: string): boolean {
  return path === LOGIN_PAGE_PATH || path === BIND_PAGE_PATH;
}

export interface PageAnswer {
  status: number;
  contentType: string;
  body: string;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, attrs: Record<string, string>, text: string): PageAnswer {
  const data = Object.entries(attrs)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  const body = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main${data}><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body };
}

function refused(reason: string): PageAnswer {
  return page('授权失败', { outcome: 'error', error: reason }, reason);
}

function absoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** GET of either page: checks the link as WeChat's page does and records the visit on the pre-auth code. */
export function answerPlatformPage(state: SimulatorState, req: SimRequest): PageAnswer {
  const q = req.query;
  if (req.path === BIND_PAGE_PATH && q.get('action') !== 'bindcomponent') return refused('action is invalid');
  const componentAppId = q.get('component_appid') ?? '';
  const platform = state.platform(componentAppId);
  if (platform === undefined) return refused('component_appid is invalid');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!absoluteHttpUrl(redirectUri)) return refused('redirect_uri is invalid');
  const authType = Number(q.get('auth_type') ?? '3');
  if (![1, 2, 3].includes(authType)) return refused('auth_type is invalid');
  const bizAppId = q.get('biz_appid') || null;
  const preAuthCode = q.get('pre_auth_code') ?? '';
  const problem = platform.openPage(preAuthCode, { redirectUri, authType, bizAppId }, state.clock.now());
  if (problem !== null) return refused(problem);
  return page(
    `授权 ${platform.config.name}`,
    {
      outcome: 'ok',
      'component-appid': componentAppId,
      'pre-auth-code': preAuthCode,
      'redirect-uri': redirectUri,
      'auth-type': String(authType),
      'biz-appid': bizAppId ?? '',
    },
    `公众号管理员扫码后，确认授权给 ${platform.config.name}。`,
  );
}
