/**
 * CBOR extended diagnostic notation (RFC 8949 §8, RFC 8610 Appendix G) for people reading mdoc
 * structures: embedded CBOR decoded inline as `<<…>>`, COSE headers named, long byte strings cut.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { CborSimple, CborTag, EncodedCbor, FullDate, TDate, decodeCbor, toHex } from '@uketori/mdoc';

/** Options of {@link diagnosticNotation}. */
export interface DiagnosticOptions {
  /** Byte strings longer than this are cut after this many bytes. Default 32. */
  readonly maxBytes?: number;
  /** Containers that fit in this many columns stay on one line. Default 96. */
  readonly width?: number;
}

/** How deep embedded CBOR (tag 24, COSE headers and payloads) is decoded before showing bytes. */
const MAX_EMBEDDING = 16;

/** COSE header labels (RFC 9052 §3.1, RFC 9360). */
const HEADER_NAMES: Readonly<Record<number, string>> = { 1: 'alg', 2: 'crit', 3: 'content type', 4: 'kid', 5: 'IV', 32: 'x5bag', 33: 'x5chain', 34: 'x5t' };
/** COSE algorithm names (RFC 9053, RFC 9864). */
const ALG_NAMES: Readonly<Record<number, string>> = {
  [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512', [-8]: 'EdDSA',
  [-9]: 'ESP256', [-51]: 'ESP384', [-52]: 'ESP512', [-19]: 'Ed25519', 5: 'HMAC 256 (SHA-256)',
};

interface Context {
  readonly maxBytes: number;
  readonly width: number;
}

/**
 * Renders a decoded CBOR value (as `decodeCbor` of `@uketori/mdoc` returns it) in diagnostic notation.
 * tdate is shown as `0("…")`, full-date as `1004("…")`, tag 24 as `24(<<…>>)`. COSE_Sign1 and
 * COSE_Mac0 arrays (tagged, or untagged where the shape matches) get their protected header and
 * payload decoded inline and their header labels and algorithm named in comments.
 *
 * @example
 * ```ts
 * diagnosticNotation(decodeCbor(bytes));
 * // {
 * //   "version": "1.0",
 * //   "documents": [ … 24(<<{"digestID": 0, …}>>) … ],
 * //   "status": 0
 * // }
 * ```
 */
export function diagnosticNotation(value: unknown, options: DiagnosticOptions = {}): string {
  const ctx: Context = { maxBytes: options.maxBytes ?? 32, width: options.width ?? 96 };
  return render(value, 0, 0, ctx);
}

function render(value: unknown, indent: number, embedding: number, ctx: Context): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return renderNumber(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    default:
      break;
  }
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return renderBytes(value, ctx);
  if (value instanceof TDate) return `0(${JSON.stringify(value.text)})`;
  if (value instanceof Date) return `1(${renderNumber(value.getTime() / 1000)})`;
  if (value instanceof FullDate) return `1004(${JSON.stringify(value.toString())})`;
  if (value instanceof EncodedCbor) return `24(${renderEmbedded(value.bytes, indent, embedding, ctx)})`;
  if (value instanceof CborSimple) return `simple(${value.value})`;
  if (value instanceof CborTag) {
    if ((value.tag === 18 || value.tag === 17) && isCoseShape(value.value)) {
      return `${value.tag}(${renderCose(value.value, indent, embedding, ctx, value.tag === 17 ? 'tag' : 'signature')})`;
    }
    return `${value.tag}(${render(value.value, indent, embedding, ctx)})`;
  }
  if (Array.isArray(value)) {
    if (isCoseShape(value)) return renderCose(value, indent, embedding, ctx);
    return container('[', ']', value.map((v) => render(v, indent + 1, embedding, ctx)), indent, ctx);
  }
  if (value instanceof Map) {
    const entries = [...value.entries()].map(([k, v]) => {
      // ISO 18013-5 §9.1.3: DeviceAuth = { "deviceMac": COSE_Mac0 } carries a tag, not a signature.
      const rendered = k === 'deviceMac' && isCoseShape(v) ? renderCose(v, indent + 1, embedding, ctx, 'tag') : render(v, indent + 1, embedding, ctx);
      return `${render(k, indent + 1, embedding, ctx)}: ${rendered}`;
    });
    return container('{', '}', entries, indent, ctx);
  }
  return JSON.stringify(String(value));
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

function renderBytes(bytes: Uint8Array, ctx: Context): string {
  if (bytes.length <= ctx.maxBytes) return `h'${toHex(bytes)}'`;
  return `h'${toHex(bytes.subarray(0, ctx.maxBytes))}' … (${bytes.length} bytes)`;
}

/** `<<item>>` for bytes that hold one CBOR data item, else the bytes with a comment. */
function renderEmbedded(bytes: Uint8Array, indent: number, embedding: number, ctx: Context): string {
  if (embedding >= MAX_EMBEDDING) return `${renderBytes(bytes, ctx)} / embedded too deep /`;
  let inner: unknown;
  try {
    inner = decodeCbor(bytes);
  } catch {
    return `${renderBytes(bytes, ctx)} / not well-formed CBOR /`;
  }
  return `<<${render(inner, indent, embedding + 1, ctx)}>>`;
}

function container(open: string, close: string, items: string[], indent: number, ctx: Context): string {
  if (items.length === 0) return `${open}${close}`;
  const inline = `${open}${items.join(', ')}${close}`;
  if (!inline.includes('\n') && indent * 2 + inline.length <= ctx.width) return inline;
  const pad = '  '.repeat(indent + 1);
  return `${open}\n${items.map((i) => pad + i).join(',\n')}\n${'  '.repeat(indent)}${close}`;
}

type CoseArray = [Uint8Array, Map<unknown, unknown>, Uint8Array | null, Uint8Array];

/** `[protected: bstr, unprotected: map, payload: bstr / nil, signature: bstr]` (RFC 9052 §4.2, §6.2). */
function isCoseShape(value: unknown): value is CoseArray {
  if (!Array.isArray(value) || value.length !== 4) return false;
  const [p, u, payload, sig] = value as unknown[];
  if (!(p instanceof Uint8Array) || !(u instanceof Map) || !(sig instanceof Uint8Array)) return false;
  if (!(payload === null || payload instanceof Uint8Array)) return false;
  if (p.length === 0) return true;
  try {
    return decodeCbor(p) instanceof Map;
  } catch {
    return false;
  }
}

function renderCose(
  [protectedBytes, unprotected, payload, signature]: CoseArray,
  indent: number,
  embedding: number,
  ctx: Context,
  last: 'signature' | 'tag' = 'signature',
): string {
  const inner = indent + 1;
  const items = [
    `/ protected / ${protectedBytes.length === 0 ? "h''" : renderEmbeddedHeaders(protectedBytes, inner, embedding, ctx)}`,
    `/ unprotected / ${renderHeaders(unprotected, inner, embedding, ctx)}`,
    `/ payload / ${payload === null ? 'null' : renderEmbedded(payload, inner, embedding, ctx)}`,
    `/ ${last} / ${renderBytes(signature, ctx)}`,
  ];
  return container('[', ']', items, indent, { ...ctx, width: 0 });
}

function renderEmbeddedHeaders(bytes: Uint8Array, indent: number, embedding: number, ctx: Context): string {
  const headers = decodeCbor(bytes) as Map<unknown, unknown>;
  return `<<${renderHeaders(headers, indent, embedding + 1, ctx)}>>`;
}

function renderHeaders(headers: Map<unknown, unknown>, indent: number, embedding: number, ctx: Context): string {
  const entries = [...headers.entries()].map(([label, v]) => {
    const name = typeof label === 'number' ? HEADER_NAMES[label] : undefined;
    let rendered = render(v, indent + 1, embedding, ctx);
    if (label === 1 && typeof v === 'number' && ALG_NAMES[v] !== undefined) rendered += ` / ${ALG_NAMES[v]} /`;
    if (label === 33) rendered = renderX5Chain(v, indent + 1, embedding, ctx) ?? rendered;
    return `${render(label, indent + 1, embedding, ctx)}${name === undefined ? '' : ` / ${name} /`}: ${rendered}`;
  });
  return container('{', '}', entries, indent, ctx);
}

/** x5chain (RFC 9360): one certificate or an array of them, each annotated with its subject. */
function renderX5Chain(value: unknown, indent: number, embedding: number, ctx: Context): string | undefined {
  if (value instanceof Uint8Array) return `${renderBytes(value, ctx)}${certificateComment(value)}`;
  if (!Array.isArray(value) || !value.every((c) => c instanceof Uint8Array)) return undefined;
  const items = (value as Uint8Array[]).map((c) => `${renderBytes(c, ctx)}${certificateComment(c)}`);
  return container('[', ']', items, indent, { ...ctx, width: 0 });
}

function certificateComment(der: Uint8Array): string {
  try {
    const subject = new X509Certificate(der).subject.split('\n').join(', ');
    return ` / certificate: ${subject.replace(/[/\u0000-\u001f\u007f-\u009f]/g, '?')} /`;
  } catch {
    return '';
  }
}
