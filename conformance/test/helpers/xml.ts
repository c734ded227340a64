/**
 * A strict little XML reader for the JUnit report: elements, attributes, text, the predefined
 * entities and numeric references — and an error for anything not well-formed (unbalanced tags,
 * unquoted attributes, a bare `&` or `<`).
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const DECODE: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

function decode(raw: string, where: string): string {
  if (/[<]/.test(raw) || /&/.test(raw.replace(ENTITY, ''))) throw new Error(`not well-formed text in ${where}`);
  return raw.replace(ENTITY, (e) => DECODE[e] ?? String.fromCodePoint(e.startsWith('&#x') ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10)));
}

/** Parses a document with one root element. */
export function parseXml(source: string): XmlElement {
  let rest = source.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    if (lt < 0) {
      if (rest.trim() !== '') throw new Error('text after the root element');
      break;
    }
    const text = rest.slice(0, lt);
    if (stack.length > 0) stack[stack.length - 1]!.text += decode(text, stack[stack.length - 1]!.name);
    else if (text.trim() !== '') throw new Error('text outside the root element');
    rest = rest.slice(lt);
    const m = tag.exec(rest);
    if (m === null) throw new Error(`malformed tag near ${JSON.stringify(rest.slice(0, 40))}`);
    rest = rest.slice(m[0].length);
    const [, closing, name, attrs, selfClosing] = m;
    if (closing === '/') {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs!.matchAll(new RegExp(`(${NAME})="([^"<]*)"`, 'g'))) {
      if (Object.hasOwn(attributes, a[1]!)) throw new Error(`duplicate attribute ${a[1]}`);
      attributes[a[1]!] = decode(a[2]!, `${name}@${a[1]}`);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root === undefined) root = element;
    else throw new Error('more than one root element');
    if (selfClosing !== '/') stack.push(element);
  }
  if (stack.length > 0 || root === undefined) throw new Error('unclosed elements');
  return root;
}

/** Every descendant named `name`. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...findAll(c, name)]);
}
