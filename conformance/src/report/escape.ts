/**
 * Escaping for the HTML and XML reports: everything a report prints came from a target or a
 * catalogue and is escaped, attribute or text alike.
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML or XML content and quoted attributes, and drops characters XML 1.0 does
 * not allow (C0 controls other than tab, LF and CR; lone surrogates; U+FFFE, U+FFFF).
 *
 * @example
 * ```ts
 * escapeMarkup('<script>"x"</script>'); // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 * ```
 */
export function escapeMarkup(text: unknown): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
