// A fast yes/no check of a value against a canonical JSON Schema, for the hot path: one event
// per transaction set, tens of thousands per file. It only ever says "valid" when Ajv (draft-07,
// the options `validate.ts` uses) would too; anything it is unsure of is "not valid", and the
// caller then asks Ajv, which also gives the findings. So the check may be stricter than the
// schema, never looser: a keyword or form it does not cover makes compilation throw.
//
// Why not Ajv itself: with `allErrors` (wanted for the findings) its code collects every error
// and cannot stop at the first; this check is straight-line code that returns at the first
// failure, generated once per schema like Ajv's.
import type { SchemaDocument } from './schemas';

/** A compiled check: true only when the value is valid. */
export type SchemaCheck = (value: unknown) => boolean;

/** Keywords that only annotate: they never make a value invalid. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'definitions',
  'examples',
]);

type Json = Record<string, unknown>;

const TYPE_TESTS: Record<string, (v: string) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  // strictNumbers (Ajv's default with strict): NaN and ±Infinity are not numbers.
  number: (v) => `(typeof ${v} === "number" && isFinite(${v}))`,
  integer: (v) => `Number.isInteger(${v})`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
  object: (v) => `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`,
  array: (v) => `Array.isArray(${v})`,
};

/**
 * Compile `schema` (with `$ref`s into itself or `documents`, by `$id`) into a check. Throws when
 * the schema uses a keyword or form this does not cover.
 */
export function compileSchemaCheck(
  schema: SchemaDocument,
  documents: readonly SchemaDocument[],
): SchemaCheck {
  const gen = new Generator([schema, ...documents]);
  const root = gen.functionFor(schema, schema.$id);
  const source = `${gen.functions.join('\n')}\nreturn ${root};`;
  // Generated from the schemas (trusted, checked in), never from input data.
  const make = new Function('re', 'matched', 'codePoints', source) as (
    re: RegExp[],
    matched: (string | undefined)[],
    count: (s: string) => number,
  ) => SchemaCheck;
  return make(
    gen.regexps,
    gen.regexps.map(() => undefined),
    codePoints,
  );
}

class Generator {
  readonly functions: string[] = [];
  readonly regexps: RegExp[] = [];
  private readonly byId = new Map<string, Json>();
  /** Function name by "document id#pointer". */
  private readonly named = new Map<string, string>();
  private vars = 0;

  constructor(documents: readonly SchemaDocument[]) {
    for (const doc of documents) this.byId.set(doc.$id, doc);
  }

  /** The name of a function checking `node` (generated once per schema location). */
  functionFor(node: unknown, base: string, key?: string): string {
    if (key !== undefined) {
      const known = this.named.get(key);
      if (known) return known;
    }
    const name = `f${this.functions.length}`;
    if (key !== undefined) this.named.set(key, name);
    const at = this.functions.push('') - 1;
    this.functions[at] = `function ${name}(v) {\n${this.body(node, base, 'v')}return true;\n}`;
    return name;
  }

  private ref(ref: string, base: string): string {
    const url = new URL(ref, base);
    const pointer = decodeURIComponent(url.hash.slice(1));
    url.hash = '';
    const docId = url.toString();
    let node: unknown = this.byId.get(docId);
    if (node === undefined) throw new Error(`unresolved $ref ${ref} from ${base}`);
    for (const token of pointer.split('/').slice(1)) {
      node = (node as Json | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (node === undefined) throw new Error(`unresolved $ref ${ref} from ${base}`);
    return this.functionFor(node, docId, `${docId}#${pointer}`);
  }

  /** Statements that `return false` when the value in variable `v` fails `node`. */
  private body(node: unknown, base: string, v: string): string {
    if (node === true) return '';
    if (node === false) return 'return false;\n';
    if (!isObject(node)) throw new Error(`not a schema: ${JSON.stringify(node)}`);
    if (typeof node.$id === 'string' && this.byId.get(node.$id) !== node) throw unsupported('$id', node.$id);
    let out = '';
    // One declared type: test it first, and the keywords of that type need no guard.
    const types = node.type === undefined ? undefined : Array.isArray(node.type) ? node.type : [node.type];
    const only = types?.length === 1 ? String(types[0]) : undefined;
    const guard = (type: 'string' | 'number' | 'object' | 'array', test: string): string => {
      if (only === type || (type === 'number' && only === 'integer')) return test;
      const is = type === 'number' ? `typeof ${v} === "number"` : TYPE_TESTS[type](v);
      return `(${is} && ${test})`;
    };
    if (types) {
      const tests = types.map((t) => {
        const test = TYPE_TESTS[String(t)];
        if (!test) throw unsupported('type', node.type);
        return test(v);
      });
      out += `if (!(${tests.join(' || ')})) return false;\n`;
    }
    for (const [keyword, value] of Object.entries(node)) {
      if (ANNOTATIONS.has(keyword) || keyword === 'type') continue;
      switch (keyword) {
        case '$ref':
          // Siblings of $ref are checked too: if Ajv ignored them, this is only stricter.
          out += `if (!${this.ref(String(value), base)}(${v})) return false;\n`;
          break;
        case 'const':
        case 'enum': {
          const allowed = keyword === 'const' ? [value] : value;
          if (!Array.isArray(allowed) || allowed.length === 0 || !allowed.every(isPrimitive))
            throw unsupported(keyword, value);
          out += `if (${allowed.map((a) => `${v} !== ${JSON.stringify(a)}`).join(' && ')}) return false;\n`;
          break;
        }
        case 'pattern': {
          // Ajv compiles patterns with the u flag (its unicodeRegExp default).
          const i = this.regexps.push(new RegExp(String(value), 'u')) - 1;
          // The last value that matched is remembered: a file's events repeat their source,
          // time and data schema, and a pattern (no g flag) always gives a string the same answer.
          const test = `${v} !== matched[${i}] && !(re[${i}].test(${v}) && ((matched[${i}] = ${v}), true))`;
          out += `if (${guard('string', `(${test})`)}) return false;\n`;
          break;
        }
        case 'minLength':
        case 'maxLength': {
          const n = count(keyword, value);
          // Ajv counts code points (a surrogate pair is one): the length in UTF-16 units is at
          // least that and at most twice that, so only a string near the limit is counted.
          const test =
            keyword === 'minLength'
              ? n <= 1
                ? `${v}.length < ${n}`
                : `${v}.length < ${2 * n} && codePoints(${v}) < ${n}`
              : `${v}.length > ${n} && codePoints(${v}) > ${n}`;
          out += `if (${guard('string', `(${test})`)}) return false;\n`;
          break;
        }
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum': {
          if (typeof value !== 'number' || !Number.isFinite(value)) throw unsupported(keyword, value);
          const fails = { minimum: '<', maximum: '>', exclusiveMinimum: '<=', exclusiveMaximum: '>=' }[
            keyword
          ];
          out += `if (${guard('number', `${v} ${fails} ${value}`)}) return false;\n`;
          break;
        }
        case 'minItems':
        case 'maxItems': {
          const n = count(keyword, value);
          out += `if (${guard('array', `${v}.length ${keyword === 'minItems' ? '<' : '>'} ${n}`)}) return false;\n`;
          break;
        }
        case 'items': {
          if (Array.isArray(value)) throw unsupported(keyword, value);
          const i = this.var();
          const x = this.var();
          const loop = `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {\nconst ${x} = ${v}[${i}];\n${this.body(value, base, x)}}\n`;
          out += only === 'array' ? loop : `if (Array.isArray(${v})) {\n${loop}}\n`;
          break;
        }
        case 'required': {
          if (!Array.isArray(value) || !value.every((k) => typeof k === 'string'))
            throw unsupported(keyword, value);
          if (value.length === 0) break;
          // As Ajv (ownProperties off): a property is missing when reading it gives undefined.
          const missing = value.map((k) => `${v}[${JSON.stringify(k)}] === undefined`).join(' || ');
          out += `if (${guard('object', `(${missing})`)}) return false;\n`;
          break;
        }
        case 'properties': {
          if (!isObject(value)) throw unsupported(keyword, value);
          let props = '';
          for (const [name, sub] of Object.entries(value)) {
            const x = this.var();
            // As Ajv: a property is checked when reading it does not give undefined.
            props += `const ${x} = ${v}[${JSON.stringify(name)}];\nif (${x} !== undefined) {\n${this.body(sub, base, x)}}\n`;
          }
          out += only === 'object' ? props : `if (${TYPE_TESTS.object(v)}) {\n${props}}\n`;
          break;
        }
        case 'additionalProperties': {
          if (value === true) break;
          if (node.patternProperties !== undefined)
            throw unsupported('patternProperties', node.patternProperties);
          const names = Object.keys(isObject(node.properties) ? node.properties : {});
          const k = this.var();
          const cases = names.map((n) => `case ${JSON.stringify(n)}: `).join('');
          const extra =
            value === false
              ? 'return false;'
              : `if (!${this.functionFor(value, base)}(${v}[${k}])) return false;`;
          // As Ajv: every enumerable key (for…in) not named in `properties` is additional.
          const loop = `for (const ${k} in ${v}) {\nswitch (${k}) {\n${cases}break;\ndefault: ${extra}\n}\n}\n`;
          out += only === 'object' ? loop : `if (${TYPE_TESTS.object(v)}) {\n${loop}}\n`;
          break;
        }
        case 'anyOf':
        case 'allOf': {
          // oneOf and not are left to Ajv: a stricter branch could turn their answer into a pass.
          if (!Array.isArray(value) || value.length === 0) throw unsupported(keyword, value);
          if (keyword === 'allOf') {
            for (const sub of value) out += this.body(sub, base, v);
          } else {
            const calls = value.map((sub) => `${this.functionFor(sub, base)}(${v})`);
            out += `if (!(${calls.join(' || ')})) return false;\n`;
          }
          break;
        }
        default:
          throw unsupported(keyword, value);
      }
    }
    return out;
  }

  private var(): string {
    return `x${this.vars++}`;
  }
}

function unsupported(keyword: string, value: unknown): Error {
  return new Error(`schema-check does not cover ${keyword}: ${JSON.stringify(value)}`);
}

function count(keyword: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw unsupported(keyword, value);
  return value;
}

function isPrimitive(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isFinite(v))
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ajv's ucs2length: code points, a surrogate pair counting once. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}
