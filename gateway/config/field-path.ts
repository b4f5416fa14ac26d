// Field paths in messages read like the YAML a person wrote: `transports[0].port`.
import { FieldPath } from './yaml-positions';

/** Format a path as `a.b[0].c`; the empty path is "the profile". */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? 'the profile' : out;
}

/** The value at `path` in plain parsed data; undefined when any step is missing. */
export function valueAt(data: unknown, path: FieldPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** Describe a value for "got …" in a message: strings quoted and shortened, lists and maps by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(short);
  }
  return String(value);
}
