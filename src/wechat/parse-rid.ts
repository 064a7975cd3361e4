/**
 * WeChat's request id: three groups of 8 hex digits, the first being the request time in
 * Unix seconds. It ends most errmsgs as ` rid: …` (sometimes `, rid: …`) and is what
 * WeChat's support asks for, so it is kept on every error.
 */
const RID = /\brid\s*:\s*([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})(?![0-9a-z-])/i;

/** The `rid` of an errmsg, lower-cased, or null when there is none in the known format. */
export function parseRid(errmsg: string): string | null {
  const match = RID.exec(errmsg);
  return match?.[1] ? match[1].toLowerCase() : null;
}
