/**
 * Caps on text that reaches a log line, a diagnostic or an error message. Anything an
 * outsider controls (a URL, a zod reason, an unknown key in job data) could otherwise
 * be megabytes long, and every log line is scrubbed, serialized and shipped.
 */

/** A logged string past this many characters is cut (the scrubber runs before the cut). */
export const MAX_LOGGED_STRING = 4096;

/** A name or reason echoed into a diagnostic or an error message (an unknown key, a zod message). */
export const MAX_ECHOED = 200;

/** C0 and C1 controls (newlines included): they forge log lines and garble terminals. */
const CONTROL = /\p{Cc}/gu;

/** `text` cut to `max` characters, saying how much was dropped. */
export function truncateText(text: string, max: number = MAX_LOGGED_STRING): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[${text.length - max} more characters]`;
}

/**
 * A caller-supplied name or reason fit to echo: cut first (so the cost of the rest is
 * bounded), control characters replaced by `?`.
 */
export function echoText(text: string, max: number = MAX_ECHOED): string {
  const cut = text.length <= max ? text : `${text.slice(0, max)}…`;
  return cut.replace(CONTROL, '?');
}

/** How many problems a validation message lists before it says how many more there are. */
export const MAX_LISTED_ISSUES = 5;

/** `a; b; c` of the first MAX_LISTED_ISSUES parts, and how many were left out. */
export function joinBounded(parts: readonly string[], separator = '; '): string {
  const shown = parts.slice(0, MAX_LISTED_ISSUES).join(separator);
  const more = parts.length - MAX_LISTED_ISSUES;
  return more > 0 ? `${shown}${separator}and ${more} more` : shown;
}
