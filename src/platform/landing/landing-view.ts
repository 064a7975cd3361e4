import { LANGS, type Lang, type MessageKey, type MessageParams, t } from '../../i18n/index.js';

export type LandingOutcome = 'ok' | 'pending' | 'bad';

/** What the landing page says, before it is put in both languages. Never a token or a code. */
export interface LandingResult {
  outcome: LandingOutcome;
  status: number;
  platformName: string;
  appId?: string;
  lines: Array<{ key: MessageKey; params?: MessageParams }>;
}

export interface LandingView {
  lang: Lang;
  outcome: LandingOutcome;
  title: string;
  appId: string | null;
  /** The preferred language first, then the other: an administrator may read either. */
  parts: Array<{ lang: Lang; title: string; lines: string[] }>;
}

/** The template's data. Pure. */
export function landingView(result: LandingResult, preferred: Lang): LandingView {
  const order = [preferred, ...LANGS.filter((l) => l !== preferred)];
  const parts = order.map((lang) => ({
    lang,
    title: t(lang, 'landing.title', { platform: result.platformName }),
    lines: result.lines.map((line) => t(lang, line.key, line.params)),
  }));
  return {
    lang: preferred,
    outcome: result.outcome,
    title: parts[0]?.title ?? '',
    appId: result.appId ?? null,
    parts,
  };
}
