// A strict XML 1.0 well-formedness check for the timeline tests, written apart from the serializers'
// own escaping (so a bug there cannot hide here): legal characters only, one root, tags nested and
// matched, attribute names unique and values quoted without `<`, every `&` a known or numeric entity.
// xmldom then parses the same text for the structure checks (it is lenient about some of the above).
import { DOMParser } from '@xmldom/xmldom';

const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;

function checkAmpersands(text: string, where: string): void {
  for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(text)) throw new Error(`bare & in ${where}: ${JSON.stringify(text.slice(i, i + 12))}`);
  }
}

export function assertWellFormed(xml: string): void {
  const bad = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16)} is not allowed in XML`);
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, 'y');
  const attr = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  let seenDoctype = false;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0 || !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(xml.slice(0, end + 2))) {
      throw new Error('bad XML declaration');
    }
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 20))}`);
    if (text.includes(']]>')) throw new Error(']]> in text');
    checkAmpersands(text, 'text');
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes('--')) throw new Error('bad comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!DOCTYPE', lt)) {
      if (seenDoctype || roots > 0 || stack.length > 0) throw new Error('misplaced DOCTYPE');
      seenDoctype = true;
      const end = xml.indexOf('>', lt);
      if (!new RegExp(`^<!DOCTYPE\\s+${NAME}\\s*>$`).test(xml.slice(lt, end + 1))) throw new Error('unsupported DOCTYPE');
      i = end + 1;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      if (stack.length === 0) throw new Error('CDATA outside the root');
      const end = xml.indexOf(']]>', lt);
      if (end < 0) throw new Error('unclosed CDATA');
      i = end + 3;
      continue;
    }
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 40))}`);
    const [, closing, name, attrs = '', selfClosing] = m;
    if (closing) {
      if (attrs.trim() !== '' || selfClosing) throw new Error(`bad closing tag </${name}>`);
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
      const names = new Set<string>();
      for (const a of attrs.matchAll(attr)) {
        if (names.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
        names.add(a[1]!);
        const value = a[2] ?? a[3] ?? '';
        if (value.includes('<')) throw new Error(`< in attribute ${a[1]} of <${name}>`);
        checkAmpersands(value, `attribute ${a[1]} of <${name}>`);
      }
      if (!selfClosing) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
}

/** Checks well-formedness, then parses into a DOM (xmldom, any complaint it has fails too). */
export function parseXml(xml: string): Document {
  assertWellFormed(xml);
  const fail = (level: string) => (message: string) => {
    throw new Error(`xmldom ${level}: ${message}`);
  };
  return new DOMParser({ errorHandler: { warning: fail('warning'), error: fail('error'), fatalError: fail('fatal') } }).parseFromString(xml, 'text/xml');
}
