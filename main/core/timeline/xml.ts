// The XML the timeline formats write, built as a tree and printed in one place so every text and
// attribute is escaped the same way (and an element can never be left open). Also file URLs.
import { isAbsolute, win32 } from 'node:path';

/** Characters XML 1.0 cannot carry at all, not even as references: they become U+FFFD. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export type XmlAttrs = Record<string, string | number | undefined>;

export interface XmlElement {
  name: string;
  attrs: XmlAttrs;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string;

/** An element; `undefined` attributes and `null`/`false` children are left out. */
export function el(name: string, attrs: XmlAttrs = {}, ...children: (XmlChild | XmlChild[] | null | false | undefined)[]): XmlElement {
  const flat: XmlChild[] = [];
  for (const child of children) {
    if (child === null || child === false || child === undefined) continue;
    if (Array.isArray(child)) flat.push(...child);
    else flat.push(child);
  }
  return { name, attrs, children: flat };
}

/** An element holding only text: <name>text</name>. */
export const textEl = (name: string, text: string | number, attrs: XmlAttrs = {}): XmlElement => el(name, attrs, String(text));

function attrText(attrs: XmlAttrs): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttr(String(value))}"`)
    .join('');
}

function render(node: XmlElement, depth: number, indent: string, out: string[]): void {
  const pad = indent.repeat(depth);
  const open = `<${node.name}${attrText(node.attrs)}`;
  if (node.children.length === 0) {
    out.push(`${pad}${open}/>`);
    return;
  }
  if (node.children.every((c) => typeof c === 'string')) {
    out.push(`${pad}${open}>${(node.children as string[]).map(escapeText).join('')}</${node.name}>`);
    return;
  }
  out.push(`${pad}${open}>`);
  for (const child of node.children) {
    if (typeof child === 'string') out.push(`${pad}${indent}${escapeText(child)}`);
    else render(child, depth + 1, indent, out);
  }
  out.push(`${pad}</${node.name}>`);
}

/** The document: XML declaration, optional DOCTYPE line, the root; `\n` line ends and a final newline. */
export function xmlDocument(root: XmlElement, opts: { doctype?: string; indent?: string } = {}): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (opts.doctype) out.push(`<!DOCTYPE ${opts.doctype}>`);
  render(root, 0, opts.indent ?? '  ', out);
  return `${out.join('\n')}\n`;
}

/** Percent-encodes everything but RFC 3986's unreserved characters (and the `/` between segments). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(xmlSafe(segment)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function isAbsolutePath(path: string): boolean {
  return isAbsolute(path) || win32.isAbsolute(path);
}

/**
 * file:// URL of an absolute path, every byte outside [A-Za-z0-9-._~] percent-encoded (UTF-8), so no
 * reader has to guess which of `&`, `#`, `%`, `;` or a space were meant literally. A Windows path
 * (C:\dir\a.mp4) becomes file:///C:/dir/a.mp4. `host` is '' (file:///…) or 'localhost' (FCP 7 XML).
 */
export function fileUrl(path: string, host = ''): string {
  let segments: string[];
  let drive = '';
  const windows = /^([A-Za-z]):[\\/]/.exec(path);
  if (windows) {
    drive = `/${windows[1]!.toUpperCase()}:`;
    segments = path.slice(2).split(/[\\/]/);
  } else if (path.startsWith('/')) {
    segments = path.split('/');
  } else {
    throw new RangeError(`not an absolute path: ${path}`);
  }
  return `file://${host}${drive}${segments.map(encodeSegment).join('/')}`;
}
