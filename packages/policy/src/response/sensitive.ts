/**
 * Sensitive element values (portrait, individual number) travel in a box that every serializer
 * and logger drops: `JSON.stringify` omits it, `console.log`/`util.inspect` and string conversion
 * print a placeholder. The value comes out only through an explicit {@link SensitiveValue.reveal}.
 *
 * @module
 */

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const PLACEHOLDER = '[sensitive element]';

/**
 * A sensitive element value.
 *
 * @example
 * ```ts
 * const number = result.documents[0]!.issuerSigned['org.iso.23220.1.jp']!['individual_number_unicode'] as SensitiveValue<string>;
 * JSON.stringify({ number }); // '{}'
 * const digits = number.reveal(); // only where the purpose needs it
 * ```
 */
export class SensitiveValue<T = unknown> {
  readonly #value: T;
  /** The element it holds, by name. */
  readonly namespace: string;
  readonly identifier: string;

  constructor(namespace: string, identifier: string, value: T) {
    this.namespace = namespace;
    this.identifier = identifier;
    this.#value = value;
    Object.freeze(this);
  }

  /** The value itself. Call only where the purpose needs it; never log the result. */
  reveal(): T {
    return this.#value;
  }

  /** `undefined`, so `JSON.stringify` leaves the property out. */
  toJSON(): undefined {
    return undefined;
  }

  toString(): string {
    return PLACEHOLDER;
  }

  [INSPECT](): string {
    return `SensitiveValue(${JSON.stringify(this.namespace)}/${JSON.stringify(this.identifier)}) ${PLACEHOLDER}`;
  }
}

/**
 * True when `value` is a {@link SensitiveValue}.
 *
 * @example
 * ```ts
 * if (isSensitiveValue(v)) store(v.reveal());
 * ```
 */
export function isSensitiveValue(value: unknown): value is SensitiveValue {
  return value instanceof SensitiveValue;
}

/**
 * The value, unwrapped when it is a {@link SensitiveValue}.
 *
 * @example
 * ```ts
 * const portrait = reveal(doc.issuerSigned['org.iso.23220.1.jp']?.['portrait']) as Uint8Array;
 * ```
 */
export function reveal(value: unknown): unknown {
  return value instanceof SensitiveValue ? value.reveal() : value;
}
