/** The languages operator-facing text exists in. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/** Longest Accept-Language / LANG value read: a header is attacker-controlled, parsing stays bounded. */
const MAX_TAG_INPUT = 512;
const MAX_TAGS = 20;

/** 'zh', 'zh-CN', 'zh-Hans', 'zh_CN.UTF-8' → zh-CN; 'en', 'en-GB' → en; anything else → null. */
export function langOfTag(tag: string): Lang | null {
  const primary = tag
    .trim()
    .toLowerCase()
    .split(/[-_.@]/, 1)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/**
 * The best of our languages for an Accept-Language header (RFC 9110 §12.5.4: q-weighted,
 * first listed wins a tie), or null when it names none of them. Hand-written: two
 * languages do not need a negotiation library, and the input is capped first.
 */
export function langFromAcceptLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.slice(0, MAX_TAG_INPUT).split(',', MAX_TAGS)) {
    const [tag = '', ...params] = part.split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const lang = langOfTag(tag);
    if (lang && Number.isFinite(q) && q > 0 && (best === null || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? null;
}

/** The CLI's language from the POSIX locale variables (LC_ALL, then LC_MESSAGES, then LANG). */
export function langFromLocaleEnv(env: NodeJS.ProcessEnv): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return langOfTag(value.slice(0, MAX_TAG_INPUT)) ?? DEFAULT_LANG;
}
