import { DEFAULT_LANG, type Lang, t } from '../i18n/index.js';
import { formatDuration } from './format-duration.js';

export interface UnblockOutcome {
  accountId: string;
  /** Whether a block was there to clear (the answer of the delete itself, not of an earlier read). */
  wasBlocked: boolean;
  /** What the block said, when it could be read before clearing. */
  block: { summary: string; ttlMs: number } | null;
}

export function formatUnblock(outcome: UnblockOutcome, lang: Lang = DEFAULT_LANG): string {
  const { accountId, wasBlocked, block } = outcome;
  if (lang !== 'en') return t(lang, wasBlocked ? 'cli.unblocked' : 'cli.notBlocked', { accountId });
  if (!wasBlocked) return `account ${accountId} was not blocked; nothing to clear`;
  const lines = [`account ${accountId} was blocked; block cleared`];
  if (block) {
    lines.push(`  it was blocked after: ${block.summary}`);
    lines.push(`  it would have lifted by itself in ${formatDuration(block.ttlMs)}`);
  }
  lines.push(`its next sync calls WeChat again: npm run cli -- sync --account ${accountId} --wait`);
  return lines.join('\n');
}
