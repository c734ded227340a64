/**
 * Faults on disclosed IssuerSignedItems (ISO/IEC 18013-5 §8.3.2.1.2.2): a value changed after
 * signing, or a digestID the MSO does not know.
 *
 * @module
 */

import { embedCbor, FullDate, TDate, type EncodedCbor } from '@uketori/mdoc';
import type { IssuerSignedItem } from '../credential/types.js';

/** A different value of the same CBOR type (so only the digest can tell). */
export function tamperedValue(value: unknown): unknown {
  if (typeof value === 'string') return `${value}X`;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'bigint') return value + 1n;
  if (value instanceof Uint8Array) {
    const out = value.slice();
    if (out.length === 0) return Uint8Array.of(0);
    out[out.length >> 1] = out[out.length >> 1]! ^ 0x01;
    return out;
  }
  if (value instanceof FullDate) {
    const next = new Date(value.toDate().getTime() + 86_400_000);
    return new FullDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  }
  if (value instanceof Date) return new TDate(new Date(value.getTime() + 86_400_000));
  if (Array.isArray(value)) return [...value, value.length > 0 ? value[0] : 'X'];
  if (value instanceof Map) return new Map([...value, ['uketori_tampered', true]]);
  if (value !== null && typeof value === 'object') return { ...value, uketori_tampered: true };
  return 'X';
}

/** The item with its elementValue tampered; digestID and random are kept. */
export function tamperItemValue(item: EncodedCbor<IssuerSignedItem>): EncodedCbor<IssuerSignedItem> {
  const map = new Map(item.decode());
  map.set('elementValue', tamperedValue(map.get('elementValue')));
  return embedCbor<IssuerSignedItem>(map);
}

/** The item with a digestID not among `knownIds`; the rest is kept. */
export function withUnknownDigestId(item: EncodedCbor<IssuerSignedItem>, knownIds: Iterable<number>): EncodedCbor<IssuerSignedItem> {
  let id = 0;
  for (const known of knownIds) if (known >= id) id = known + 1;
  const map = new Map(item.decode());
  map.set('digestID', id);
  return embedCbor<IssuerSignedItem>(map);
}
