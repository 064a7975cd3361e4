import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleLang } from '../config/env-schema.js';
import { DEFAULT_LANG, LANGS, type Lang, langFromAcceptLanguage } from '../i18n/index.js';

export const LANG_COOKIE = 'console_lang';

const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGS as readonly string[]).includes(value);

/**
 * The page's language: CONSOLE_LANG when set; else a `?lang=` switch (remembered in a
 * cookie), the cookie, the browser's Accept-Language, English.
 */
export function consoleLang(setting: ConsoleLang, request: FastifyRequest, reply: FastifyReply): Lang {
  if (setting !== 'auto') return setting;
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (isLang(asked)) {
    reply.setCookie(LANG_COOKIE, asked, {
      path: '/console',
      sameSite: 'lax',
      httpOnly: true,
      maxAge: 31_536_000,
    });
    return asked;
  }
  const remembered = request.cookies[LANG_COOKIE];
  if (isLang(remembered)) return remembered;
  return langFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LANG;
}
