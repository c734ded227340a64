/**
 * X.501 Names as RFC 4514 strings, for messages, audit records and `DocumentSignerInfo.subject`.
 *
 * @module
 */

import { DerError, Tag, children, content, encoding, expectTag, readOid, type DerNode } from './der.js';

// RFC 4514 §3: the attribute type short names an implementation must recognize.
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const utf8 = new TextDecoder('utf-8');

function decodeString(buf: Uint8Array, node: DerNode): string | undefined {
  const c = content(buf, node);
  switch (node.tag) {
    case Tag.UTF8_STRING:
      return utf8.decode(c);
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case Tag.NUMERIC_STRING:
    case Tag.TELETEX_STRING:
      return Buffer.from(c).toString('latin1');
    case Tag.BMP_STRING: {
      if (c.length % 2 !== 0) return undefined;
      let s = '';
      for (let i = 0; i < c.length; i += 2) s += String.fromCharCode((c[i]! << 8) | c[i + 1]!);
      return s;
    }
    case Tag.UNIVERSAL_STRING: {
      if (c.length % 4 !== 0) return undefined;
      let s = '';
      for (let i = 0; i < c.length; i += 4) {
        const cp = ((c[i]! << 24) | (c[i + 1]! << 16) | (c[i + 2]! << 8) | c[i + 3]!) >>> 0;
        if (cp > 0x10ffff) return undefined;
        s += String.fromCodePoint(cp);
      }
      return s;
    }
    default:
      return undefined;
  }
}

// Characters that must never reach a log line or a message raw: C0 and C1 controls, DEL, the
// Unicode line/paragraph separators and the bidirectional overrides (text that rewrites what a
// reader sees around it).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// RFC 4514 §2.4: any character may be escaped as '\' followed by the hex pairs of its UTF-8 encoding.
const hexPairs = (ch: string) =>
  [...Buffer.from(ch, 'utf8')].map((b) => `\\${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

// RFC 4514 §2.4: escape the special characters, a leading '#' or space, a trailing space, and
// (as hex pairs) NUL and the unsafe characters above.
function escapeValue(value: string): string {
  let out = value.replace(/["+,;<>\\]/g, (ch) => `\\${ch}`).replace(UNSAFE, hexPairs);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** Longest text from a certificate that goes into an error message, in characters. */
export const MAX_MESSAGE_TEXT = 200;

/**
 * Makes text that comes from a certificate or a CRL (a DN, a URL) safe to put in an error
 * message: control, line-separator and bidi characters become RFC 4514 hex pairs, and the text is
 * cut at {@link MAX_MESSAGE_TEXT} characters. Names from {@link formatName} are escaped already;
 * this also bounds their length.
 *
 * @example
 * ```ts
 * throw new PathError('chain', `certificate ${forMessage(cert.subject)} expired`);
 * ```
 */
export function forMessage(text: string): string {
  const escaped = text.replace(UNSAFE, hexPairs);
  if (escaped.length <= MAX_MESSAGE_TEXT) return escaped;
  const chars = [...escaped]; // code points: never cut a surrogate pair
  return chars.length <= MAX_MESSAGE_TEXT ? escaped : `${chars.slice(0, MAX_MESSAGE_TEXT).join('')}…`;
}

function readAttribute(buf: Uint8Array, atv: DerNode): { oid: string; valueNode: DerNode } {
  const [typeNode, valueNode] = children(buf, expectTag(atv, Tag.SEQUENCE, 'AttributeTypeAndValue'));
  if (typeNode === undefined || valueNode === undefined) throw new DerError('AttributeTypeAndValue is incomplete');
  return { oid: readOid(buf, typeNode), valueNode };
}

function formatAttribute(buf: Uint8Array, atv: DerNode): string {
  const { oid, valueNode } = readAttribute(buf, atv);
  const type = SHORT_NAMES[oid] ?? oid;
  const text = decodeString(buf, valueNode);
  // RFC 4514 §2.4: a value that is not a string is written as '#' + the hex of its encoding.
  const value = text === undefined ? `#${Buffer.from(encoding(buf, valueNode)).toString('hex')}` : escapeValue(text);
  return `${type}=${value}`;
}

/**
 * Formats a DER `Name` node as an RFC 4514 string (RDNs in reverse order, e.g.
 * `C=JP,O=Japan Agency for Local Authority Information Systems,CN=mncmdocRootCA`).
 *
 * @throws {DerError} when the Name is malformed.
 */
export function formatName(buf: Uint8Array, name: DerNode): string {
  const rdns = children(buf, expectTag(name, Tag.SEQUENCE, 'Name')).map((rdn) =>
    children(buf, expectTag(rdn, Tag.SET, 'RelativeDistinguishedName'))
      .map((atv) => formatAttribute(buf, atv))
      .join('+'),
  );
  return rdns.reverse().join(',');
}

/**
 * The value of the one attribute of type `oid` in a DER `Name` (e.g. `2.5.4.6` countryName), as
 * decoded text without RFC 4514 escaping. `undefined` when the Name has no such attribute, has it
 * more than once (ambiguous), or its value is not a string type.
 *
 * @throws {DerError} when the Name is malformed.
 */
export function nameAttribute(buf: Uint8Array, name: DerNode, oid: string): string | undefined {
  const values: (string | undefined)[] = [];
  for (const rdn of children(buf, expectTag(name, Tag.SEQUENCE, 'Name'))) {
    for (const atv of children(buf, expectTag(rdn, Tag.SET, 'RelativeDistinguishedName'))) {
      const attribute = readAttribute(buf, atv);
      if (attribute.oid === oid) values.push(decodeString(buf, attribute.valueNode));
    }
  }
  return values.length === 1 ? values[0] : undefined;
}
