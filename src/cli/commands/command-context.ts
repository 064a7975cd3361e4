import type { AppConfig } from '../../config/index.js';
import type { Lang } from '../../i18n/index.js';
import type { CliSession } from '../cli-session.js';
import { formatUnknownAccount } from '../format-enqueue.js';

export interface CommandContext {
  config: AppConfig;
  session: CliSession;
  /** Writes one line (a newline is added) to stdout / stderr. */
  out(text: string): void;
  err(text: string): void;
  /** Overwrites the current stderr line; null when stderr is not a terminal. */
  progress: ((text: string) => void) | null;
  now(): number;
  /** Language of the operator-facing text, from LC_ALL / LC_MESSAGES / LANG. */
  lang: Lang;
}

/** Unknown accounts are a usage error, told before anything touches Redis. */
export function isKnownAccount(ctx: CommandContext, accountId: string): boolean {
  if (ctx.config.accounts.some((a) => a.accountId === accountId)) return true;
  ctx.err(
    formatUnknownAccount(
      accountId,
      ctx.config.accounts.map((a) => a.accountId),
    ),
  );
  return false;
}
