import type { Lang } from '../i18n/index.js';
import type { FailureDiagnostic } from './diagnostic.js';
import {
  authorizationRevokedRemedy,
  notAuthorizedRemedy,
  platformWhitelistRemedy,
} from './platform-remedy.js';
import {
  authorizationRemedy,
  credentialsRemedy,
  invalidRequestRemedy,
  ipConfirmationRemedy,
  permissionRemedy,
  unsupportedApiRemedy,
  whitelistRemedy,
} from './remedy.js';

/** The summary and steps of a diagnostic in one language. */
export interface LocalizedDiagnostic {
  summary: string;
  remedy: string[];
}

type Stored = Pick<
  FailureDiagnostic,
  'code' | 'summary' | 'remedy' | 'accountId' | 'appId' | 'ip' | 'errcode' | 'endpoint' | 'field'
> &
  Pick<Partial<FailureDiagnostic>, 'platform' | 'revokedAt'> & { rid?: string | null };

const ZH_SUMMARY: Partial<Record<FailureDiagnostic['code'], (d: Stored) => string>> = {
  IP_NOT_WHITELISTED: (d) =>
    d.platform
      ? `微信拒绝了账号 ${d.accountId}（AppID ${d.appId}）的请求：IP ${d.ip ?? '（微信未说明）'} 不在其第三方平台 ${d.platform.platformId}（第三方平台 AppID ${d.platform.componentAppId}）的 IP 白名单中。`
      : `微信拒绝了账号 ${d.accountId}（AppID ${d.appId}）的请求：IP ${d.ip ?? '（微信未说明）'} 不在接口 IP 白名单中。`,
  AUTHORIZATION_REVOKED: (d) =>
    `账号 ${d.accountId}（授权方 AppID ${d.appId}）${d.revokedAt ? `于 ${d.revokedAt} ` : ''}取消了对第三方平台 ${d.platform?.platformId ?? ''} 的授权，需重新授权。`,
  NOT_AUTHORIZED: (d) =>
    `账号 ${d.accountId}（AppID ${d.appId}）没有保存对第三方平台 ${d.platform?.platformId ?? ''} 的授权。`,
  BAD_CREDENTIALS: (d) =>
    `微信拒绝了账号 ${d.accountId}（AppID ${d.appId}）的 ${d.field}，错误码 ${d.errcode}。`,
  AUTHORIZATION_INVALID: (d) =>
    `微信拒绝第三方平台访问账号 ${d.accountId}（AppID ${d.appId}）：其授权已失效（错误码 ${d.errcode}）。`,
  IP_CONFIRMATION: (d) => `微信在等待账号 ${d.accountId} 的管理员确认本服务器的 IP（错误码 ${d.errcode}）。`,
  PERMISSION: (d) => `微信拒绝账号 ${d.accountId} 调用 ${d.endpoint}（错误码 ${d.errcode}）。`,
  INVALID_REQUEST: (d) =>
    `微信认为账号 ${d.accountId} 的 ${d.endpoint} 请求格式有误（错误码 ${d.errcode}），未重试。`,
  API_UNSUPPORTED: (d) => `微信已不再提供 ${d.endpoint}（错误码 ${d.errcode}）。`,
};

/**
 * Re-renders a stored diagnostic (kept in Redis and in the job, in English) in `lang`
 * from its fields. Codes without a translation yet keep their stored English text, so a
 * code added elsewhere still shows its steps rather than nothing.
 */
export function localizeDiagnostic(d: Stored, lang: Lang): LocalizedDiagnostic {
  const accountId = d.accountId ?? '';
  const appId = d.appId ?? '';
  const remedy = ((): string[] | null => {
    switch (d.code) {
      case 'IP_NOT_WHITELISTED':
        return d.platform
          ? platformWhitelistRemedy(accountId, appId, d.ip, d.platform, lang)
          : whitelistRemedy(accountId, appId, d.ip, lang);
      case 'AUTHORIZATION_REVOKED':
        return d.platform
          ? authorizationRevokedRemedy(accountId, appId, d.platform, d.revokedAt ?? null, lang)
          : null;
      case 'NOT_AUTHORIZED':
        return d.platform ? notAuthorizedRemedy(accountId, appId, d.platform, lang) : null;
      case 'BAD_CREDENTIALS':
        return d.field === 'appId' ||
          d.field === 'appSecret' ||
          d.field === 'componentAppId' ||
          d.field === 'componentAppSecret'
          ? credentialsRemedy(accountId, appId, d.field, lang)
          : null;
      case 'AUTHORIZATION_INVALID':
        return authorizationRemedy(accountId, appId, d.errcode, lang, d.platform?.platformId ?? null);
      case 'IP_CONFIRMATION':
        return ipConfirmationRemedy(accountId, d.errcode, lang);
      case 'PERMISSION':
        return permissionRemedy(accountId, d.endpoint, d.errcode, lang);
      case 'INVALID_REQUEST':
        return invalidRequestRemedy(accountId, d.endpoint, d.errcode, d.rid ?? null, lang);
      case 'API_UNSUPPORTED':
        return unsupportedApiRemedy(accountId, d.endpoint, lang);
      default:
        return null;
    }
  })();
  const summary = lang === 'zh-CN' ? ZH_SUMMARY[d.code]?.(d) : undefined;
  return { summary: summary ?? d.summary, remedy: remedy ?? d.remedy };
}
