import { type Lang, t } from '../i18n/index.js';
import type { CreatedLinks } from '../platform/links/create-authorization-links.js';

/** What `platform link` prints: both links, each on its own line so a terminal can open or copy it. */
export function formatPlatformLink(links: CreatedLinks, lang: Lang): string[] {
  const pinned =
    links.accountId !== null
      ? t(lang, 'cli.link.pinned', { accountId: links.accountId, appId: links.bizAppId ?? '' })
      : links.bizAppId !== null
        ? t(lang, 'cli.link.pinnedAppId', { appId: links.bizAppId })
        : '';
  return [
    t(lang, 'cli.link.header', {
      platformId: links.platformId,
      pinned,
      until: new Date(links.expiresAt).toISOString(),
    }),
    '',
    t(lang, 'cli.link.pc'),
    links.pc,
    '',
    t(lang, 'cli.link.mobile'),
    links.mobile,
    '',
    t(lang, 'cli.link.after', { redirectUri: links.redirectUri }),
  ];
}
