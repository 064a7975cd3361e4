export {
  DEFAULT_LANG,
  LANGS,
  type Lang,
  langFromAcceptLanguage,
  langFromLocaleEnv,
  langOfTag,
} from './lang.js';
export type { MessageKey, Messages } from './messages-en.js';
export { type MessageParams, type Translate, t, translator } from './translate.js';
