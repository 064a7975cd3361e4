import type { Lang } from './lang.js';
import { en, type MessageKey, type Messages } from './messages-en.js';
import { zhCN } from './messages-zh-cn.js';

const DICTIONARIES: Record<Lang, Messages> = { en, 'zh-CN': zhCN };

export type MessageParams = Record<string, string | number>;

/** The text of `key` in `lang` with each `{name}` replaced by params[name] (left as is when absent). */
export function t(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** t() bound to one language, as templates and formatters use it. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}
