import { DEFAULT_LANG, type Lang, t } from '../i18n/index.js';
import type { PlatformStatus, RecoveryReport } from '../platform/index.js';
import { formatDuration } from './format-duration.js';

const list = (items: readonly string[]) => items.join(', ');

/** The lines of one platform's status, in the operator's language. */
export function formatPlatformStatus(s: PlatformStatus, lang: Lang = DEFAULT_LANG): string[] {
  const lines = [
    t(lang, 'platform.header', {
      platformId: s.platformId,
      name: s.name ? ` (${s.name})` : '',
      componentAppId: s.componentAppId,
      store: s.store === 'postgres' ? 'PostgreSQL' : 'Redis',
    }),
  ];
  const { ticket } = s;
  if (!ticket.present || ticket.receivedAt === null) {
    lines.push(t(lang, 'platform.ticketNone', { platformId: s.platformId }));
  } else {
    const age = formatDuration((ticket.ageSeconds ?? 0) * 1000);
    lines.push(
      ticket.valid
        ? t(lang, 'platform.ticketValid', {
            receivedAt: ticket.receivedAt,
            age,
            validUntil: ticket.validUntil ?? '',
          })
        : t(lang, 'platform.ticketExpired', { receivedAt: ticket.receivedAt, age, platformId: s.platformId }),
    );
  }
  lines.push(
    s.componentToken.cached
      ? t(lang, 'platform.tokenCached', { expiresAt: s.componentToken.expiresAt ?? '' })
      : t(lang, 'platform.tokenNone'),
  );
  lines.push(t(lang, 'platform.authorizations', s.authorizations));
  lines.push(t(lang, 'platform.accounts', { configured: s.accountsConfigured }));
  if (s.accountsNotAuthorized.length > 0)
    lines.push(t(lang, 'platform.notAuthorized', { accounts: list(s.accountsNotAuthorized) }));
  if (s.accountsRevoked.length > 0)
    lines.push(t(lang, 'platform.revoked', { accounts: list(s.accountsRevoked) }));
  return lines;
}

/** The lines of a recovery's report. */
export function formatRecovery(r: RecoveryReport, lang: Lang = DEFAULT_LANG): string[] {
  const lines = [
    t(lang, 'platform.recovered', {
      platformId: r.platformId,
      listed: r.listed,
      restored: r.restored,
      updated: r.updated,
      unchanged: r.unchanged,
    }),
  ];
  if (r.keptRevoked.length > 0) lines.push(t(lang, 'platform.keptRevoked', { appIds: list(r.keptRevoked) }));
  if (r.infoFailed.length > 0) lines.push(t(lang, 'platform.infoFailed', { appIds: list(r.infoFailed) }));
  if (r.notListed.length > 0) lines.push(t(lang, 'platform.notListed', { accounts: list(r.notListed) }));
  return lines;
}
