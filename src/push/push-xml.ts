import { XMLParser } from 'fast-xml-parser';
import { PushRejection } from './push-rejection.js';

/** WeChat's pushes are a few hundred bytes; a publish event with 8 articles stays under 4 KB. */
export const MAX_PUSH_BYTES = 64 * 1024;

/*
 * Entities off (no expansion, so no billion-laughs), tag values left as strings (MsgId
 * is a 64-bit number that a JS number would round), attributes ignored (WeChat sends
 * none). A DOCTYPE is refused before parsing: WeChat never sends one, and it is where
 * entity and external-entity attacks start.
 */
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
});

export type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

/** The children of the root `<xml>` element of a push; PushRejection (400) for anything else. */
export function parsePushXml(text: string): Record<string, XmlNode | XmlNode[]> {
  if (Buffer.byteLength(text, 'utf8') > MAX_PUSH_BYTES) throw new PushRejection(413, 'push body too large');
  if (/<!DOCTYPE/i.test(text)) throw new PushRejection(400, 'XML with a DOCTYPE is refused');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new PushRejection(400, 'malformed XML');
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (root === null || typeof root !== 'object' || Array.isArray(root))
    throw new PushRejection(400, 'XML without an <xml> root element');
  return root as Record<string, XmlNode | XmlNode[]>;
}
