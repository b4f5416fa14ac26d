// XML → canonical events with fast-xml-parser. Partner XML is untrusted: a DOCTYPE or ENTITY
// declaration is refused before parsing, so no entity is ever expanded (billion laughs, XXE).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildObject, type SourceRecord } from './build';
import { collect, emitRecord, type MappingOutput, type TranslateContext, type TranslateResult } from './emit';
import { mappingError, type MappingError } from './errors';
import type { XmlMapping } from './mapping-schema';
import { checkMapping } from './check';

type XmlNode = string | { [name: string]: unknown };

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * The parser runs with processEntities: false (no expansion machinery at all), so the five
 * predefined entities and character references (XML 1.0 §4.1, §4.6) are decoded here, in one
 * non-recursive pass: "&amp;lt;" becomes "&lt;", never "<".
 */
function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name];
    const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

/** Characters XML 1.0 (§2.2) does not allow anywhere, lone surrogates included. */
const ILLEGAL_CHAR =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An '&' that starts no predefined entity or character reference: without a DTD, none other exists. */
const BAD_REFERENCE = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CHAR_REFERENCE = /&#(x[0-9a-fA-F]+|[0-9]+);/g;
/** Comments, CDATA sections and processing instructions, by opener: what ends each. */
const OPAQUE: readonly [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

/**
 * One pass over the markup: `outside` is the text with comments, CDATA sections and processing
 * instructions blanked (their '&' is no reference; newlines kept, so lines stay right), and
 * `parsable` the text with each CDATA section written as escaped text — the parser then keeps it
 * in its place among the text around it, and decodeText gives its characters back as written. A
 * section not closed runs to the end (the validator has refused that already).
 */
function opaqueSections(text: string): { outside: string; parsable: string } {
  let outside = '';
  let parsable = '';
  let from = 0;
  for (let lt = text.indexOf('<'); lt !== -1;) {
    const kind = OPAQUE.find(([open]) => text.startsWith(open, lt));
    if (!kind) {
      lt = text.indexOf('<', lt + 1);
      continue;
    }
    const [open, close] = kind;
    const closeAt = text.indexOf(close, lt + open.length);
    const end = closeAt === -1 ? text.length : closeAt + close.length;
    const section = text.slice(lt, end);
    const head = text.slice(from, lt);
    outside += head + section.replace(/[^\n]/g, ' ');
    parsable +=
      head +
      (open === '<![CDATA['
        ? section
            .slice(open.length, closeAt === -1 ? undefined : -close.length)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
        : section);
    from = end;
    lt = text.indexOf('<', end);
  }
  return { outside: outside + text.slice(from), parsable: parsable + text.slice(from) };
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * What the validator lets through but XML forbids: characters outside XML's set, a reference to
 * an entity that no DTD declared (`&foo;`, or a bare '&'), a character reference to a character
 * XML does not allow (`&#0;`, `&#xD800;`).
 */
function notWellFormed(
  text: string,
  outside: string,
): { problem: string; line: number; value: string } | undefined {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const illegal = ILLEGAL_CHAR.exec(text);
  if (illegal) {
    const code = `U+${illegal[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return { problem: `character ${code} is not allowed in XML`, line: lineOf(illegal.index), value: code };
  }
  const ref = BAD_REFERENCE.exec(outside);
  if (ref) {
    const value = /^&[^\s<&;]{0,40};?/.exec(outside.slice(ref.index))?.[0] ?? '&';
    return {
      problem: `"${value}" is not a predefined entity or a character reference`,
      line: lineOf(ref.index),
      value,
    };
  }
  for (const m of outside.matchAll(CHAR_REFERENCE)) {
    const cp = m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10);
    if (!isXmlChar(cp))
      return {
        problem: `"${m[0]}" refers to a character XML does not allow`,
        line: lineOf(m.index),
        value: m[0],
      };
  }
  return undefined;
}

/** Elements named `name` under `node`, in document order (every element is an array: isArray). */
function childElements(node: XmlNode, name: string): XmlNode[] {
  if (typeof node !== 'object') return [];
  const v = node[name];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

function textOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'string') return decodeText(node);
  const t = node['#text'];
  return t === undefined ? undefined : decodeText(String(t));
}

const steps = (path: string): string[] => path.split('/').filter((s) => s !== '' && s !== '.');

/** All elements at a relative element path (no attribute step). */
function resolveAll(node: XmlNode, path: string): XmlNode[] {
  let nodes = [node];
  for (const step of steps(path)) nodes = nodes.flatMap((n) => childElements(n, step));
  return nodes;
}

/** Wrap an element as a SourceRecord; `where` is its path for error messages. */
function elementRecord(node: XmlNode, where: string): SourceRecord {
  return {
    get(from) {
      const parts = steps(String(from));
      const last = parts[parts.length - 1];
      if (last?.startsWith('@')) {
        const el = resolveAll(node, parts.slice(0, -1).join('/'))[0];
        const v = typeof el === 'object' ? el[last] : undefined;
        return v === undefined ? undefined : decodeText(String(v));
      }
      // A path that repeats reads its first match; use a collection (each) to read them all.
      return textOf(resolveAll(node, parts.join('/'))[0]);
    },
    at: (from) => ({ path: `${where}/${String(from)}` }),
    each: (path) => resolveAll(node, path).map((n, i) => elementRecord(n, `${where}/${path}[${i + 1}]`)),
  };
}

/** Decode by BOM, then by the XML declaration's encoding; UTF-8 must be valid UTF-8. */
function decode(bytes: Buffer): { text: string } | { error: string } {
  let label = 'utf-8';
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [label, body] = ['utf-16le', bytes.subarray(2)];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [label, body] = ['utf-16be', bytes.subarray(2)];
  else {
    const decl = /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
      bytes.subarray(0, 200).toString('latin1'),
    );
    if (decl) label = decl[1].toLowerCase();
  }
  try {
    return { text: new TextDecoder(label, { fatal: true }).decode(body) };
  } catch (e) {
    return e instanceof RangeError
      ? { error: `The XML declares encoding "${label}", which is not supported.` }
      : { error: `The XML has bytes that are not valid ${label}.` };
  }
}

/** Translate one XML document: one event per `recordPath` element. Never throws. */
export function translateXml(bytes: Buffer, ctx: TranslateContext): TranslateResult {
  return collect(xmlOutputs(bytes, ctx));
}

/** The outputs of translateXml, in document order. */
export function* xmlOutputs(bytes: Buffer, ctx: TranslateContext): Generator<MappingOutput> {
  const file = ctx.fileName;
  const fail = (error: MappingError): MappingOutput => ({ kind: 'error', error });
  const checked = checkMapping(ctx.mapping, 'xml', file);
  if (!checked.ok) return yield* checked.errors.map(fail);
  const m = checked.mapping as XmlMapping;

  if (bytes.length > m.xml.maxBytes) {
    const msg = `The XML is ${bytes.length} bytes; the mapping allows at most ${m.xml.maxBytes}.`;
    return yield fail(mappingError('DS_MAP_XML_TOO_LARGE', msg, file, { value: String(bytes.length) }));
  }
  const decoded = decode(bytes);
  if ('error' in decoded) return yield fail(mappingError('DS_MAP_ENCODING', decoded.error, file));
  const text = decoded.text;

  // A plain scan, before any parser sees the text: no DTD means no entity can be declared.
  const dtd = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (dtd) {
    const line = text.slice(0, dtd.index).split('\n').length;
    const msg = `The XML contains <!${dtd[1].toUpperCase()}; documents with a DTD or entity declarations are refused.`;
    return yield fail(mappingError('DS_MAP_XML_DOCTYPE', msg, file, { line, value: `<!${dtd[1]}` }));
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    const message = `The XML is not well-formed: ${msg.replace(/\.$/, '')} (${where}).`;
    return yield fail(
      mappingError('DS_MAP_XML_MALFORMED', message, file, {
        line,
        ...(col !== undefined && { column: col }),
      }),
    );
  }
  const { outside, parsable } = opaqueSections(text);
  const bad = notWellFormed(text, outside);
  if (bad) {
    const message = `The XML is not well-formed: ${bad.problem} (line ${bad.line}).`;
    return yield fail(
      mappingError('DS_MAP_XML_MALFORMED', message, file, { line: bad.line, value: bad.value }),
    );
  }

  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      textNodeName: '#text',
      removeNSPrefix: m.xml.stripNamespaces,
      processEntities: false,
      htmlEntities: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      // Every element is an array, so a path means the same whether it matches once or many times.
      isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
    }).parse(parsable) as Record<string, unknown>;
  } catch (e) {
    return yield fail(
      mappingError('DS_MAP_XML_MALFORMED', `The XML could not be parsed: ${(e as Error).message}`, file),
    );
  }

  const [rootName, ...rest] = steps(m.xml.recordPath);
  const roots = childElements(doc, rootName);
  if (roots.length === 0) {
    const actual = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#')) ?? '(none)';
    const msg = `The root element is <${actual}>, but the mapping reads <${rootName}> (recordPath ${m.xml.recordPath}).`;
    return yield fail(mappingError('DS_MAP_XML_ROOT_MISMATCH', msg, file, { path: actual, value: actual }));
  }
  const elements = resolveAll(roots[0], rest.join('/'));
  const tables = ctx.tables ?? {};
  for (let i = 0; i < elements.length; i++) {
    const record = i + 1;
    const path = `${steps(m.xml.recordPath).join('/')}[${record}]`;
    const errors: MappingError[] = [];
    const data = buildObject(m.fields, [elementRecord(elements[i], path)], { tables, file, record, errors });
    if (errors.length > 0) yield* errors.map(fail);
    else yield* emitRecord(data, record, ctx, { path });
  }
}
