// Turns zod issues into plain sentences: `transports[0].port must be a number, got "twenty-two"`.
import type { z } from 'zod';
import { ConfigErrorCode } from './error-codes';
import { describeValue, formatPath, valueAt } from './field-path';
import { SECRET_FIELD_NAMES } from './profile-schema';
import { FieldPath } from './yaml-positions';

type Issue = z.core.$ZodIssue;

/** One finding about a field: where (path), what (sentence, path included) and its code. */
export interface FieldFinding {
  path: PropertyKey[];
  message: string;
  code: ConfigErrorCode;
}

/** What the messages may consult: the parsed data, and the YAML source text of a scalar. */
export interface IssueContext {
  data: unknown;
  sourceOf(path: FieldPath): string | undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

// Where a misplaced field has an obvious right spelling, say it.
const UNKNOWN_FIELD_HINTS: Record<string, string> = {
  password:
    ' (hosted-sftp stores only passwordHash: printf %s PASSWORD | npx dockside partners hash-password)',
};

// Messages written in profile-schema.ts are predicates; zod's own defaults ("Invalid input…") are not.
const isOwnMessage = (message: string) => /^(must|needs|is) /.test(message);

/** Sentences for one zod issue (an unknown-keys issue yields one per key). */
export function describeIssue(issue: Issue, ctx: IssueContext, prefix: PropertyKey[] = []): FieldFinding[] {
  const path = [...prefix, ...issue.path];
  const where = formatPath(path);
  const value = valueAt(ctx.data, path);
  const finding = (message: string, code: ConfigErrorCode = 'DS_CONFIG_INVALID_VALUE'): FieldFinding[] => [
    { path, message: `${where} ${message}`, code },
  ];

  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return finding('is required', 'DS_CONFIG_MISSING_FIELD');
      return finding(
        `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${got(path, value)}${quoteHint(issue.expected === 'string', path, value, ctx)}`,
      );
    case 'invalid_value': {
      const wantsString = issue.values.every((v) => typeof v === 'string');
      const options = issue.values.map((v) => JSON.stringify(v));
      const rule = isOwnMessage(issue.message)
        ? issue.message
        : options.length === 1
          ? `must be ${options[0]}`
          : `must be one of ${options.join(', ')}`;
      return finding(`${rule}, got ${got(path, value)}${quoteHint(wantsString, path, value, ctx)}`);
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `${formatPath([...path, key])} is not a known field${UNKNOWN_FIELD_HINTS[key] ?? ''}`,
        code: 'DS_CONFIG_UNKNOWN_FIELD',
      }));
    case 'invalid_key': {
      const inner = issue.issues.find((i) => isOwnMessage(i.message));
      const rule = inner ? inner.message : 'is not allowed here';
      return [
        {
          path,
          message: `${formatPath(path.slice(0, -1))} key ${JSON.stringify(String(path[path.length - 1]))} ${rule}`,
          code: 'DS_CONFIG_INVALID_VALUE',
        },
      ];
    }
    case 'invalid_union':
      return describeUnion(issue, path, value, ctx);
    case 'too_small':
    case 'too_big':
      return finding(withGot(isOwnMessage(issue.message) ? issue.message : sizeRule(issue), path, value));
    case 'custom': {
      const code = (issue.params?.code as ConfigErrorCode | undefined) ?? 'DS_CONFIG_INVALID_VALUE';
      return finding(isOwnMessage(issue.message) ? issue.message : `is invalid: ${issue.message}`, code);
    }
    default:
      return finding(
        withGot(isOwnMessage(issue.message) ? issue.message : `is invalid (${issue.message})`, path, value),
      );
  }
}

function describeUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: PropertyKey[],
  value: unknown,
  ctx: IssueContext,
): FieldFinding[] {
  const where = formatPath(path);
  if ('discriminator' in issue && issue.discriminator !== undefined) {
    if (value === undefined)
      return [{ path, message: `${where} is required`, code: 'DS_CONFIG_MISSING_FIELD' }];
    const known = (issue as { options?: unknown[] }).options ?? [];
    const options = known.map((o) => JSON.stringify(o)).join(', ');
    return [
      {
        path,
        message: `${where} must be one of ${options}, got ${got(path, value)}`,
        code: 'DS_CONFIG_INVALID_VALUE',
      },
    ];
  }
  // A union of a scalar and a map (`850` or `{ format, mapping }`): when exactly one branch accepted the
  // value's shape and failed deeper, its issues say more than "matches no option".
  const branches = issue.errors ?? [];
  const shaped = branches.filter((b) => b.length > 0 && b.every((i) => i.path.length > 0));
  if (shaped.length === 1) return shaped[0].flatMap((i) => describeIssue(i, ctx, path));
  const sameType = branches.filter(
    (b) => b.length === 1 && b[0].path.length === 0 && b[0].code !== 'invalid_type',
  );
  if (sameType.length === 1 && sameType[0][0].code !== 'invalid_union') {
    return describeIssue(sameType[0][0], ctx, path);
  }
  const rule = isOwnMessage(issue.message)
    ? issue.message
    : sameType.length === 1 && isOwnMessage(sameType[0][0].message)
      ? sameType[0][0].message
      : 'has an unexpected form';
  return [{ path, message: `${where} ${withGot(rule, path, value)}`, code: 'DS_CONFIG_INVALID_VALUE' }];
}

function sizeRule(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  const cmp = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.origin) {
    case 'array':
      return `must list ${cmp} ${String(bound)} item${bound === 1 ? '' : 's'}`;
    case 'string':
      return `must be ${cmp} ${String(bound)} character${bound === 1 ? '' : 's'} long`;
    default:
      return `must be ${cmp} ${String(bound)}`;
  }
}

function isSecretPath(path: FieldPath): boolean {
  const last = path[path.length - 1];
  return typeof last === 'string' && (SECRET_FIELD_NAMES.has(last) || last === 'passwordHash');
}

// Values of secret fields are never repeated: error output ends up in logs and tickets.
function got(path: FieldPath, value: unknown): string {
  return isSecretPath(path) ? 'a value that is not shown (secret field)' : describeValue(value);
}

function withGot(rule: string, path: FieldPath, value: unknown): string {
  const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  if (!scalar || isSecretPath(path)) return rule;
  return `${rule}, got ${describeValue(value)}`;
}

// YAML reads `qualifier: 01` as the number 1 and `004010` as 4010; the fix is quotes around the source.
function quoteHint(wantsString: boolean, path: FieldPath, value: unknown, ctx: IssueContext): string {
  if (!wantsString || (typeof value !== 'number' && typeof value !== 'boolean')) return '';
  const source = ctx.sourceOf(path) ?? String(value);
  return ` (write it in quotes: "${source}")`;
}
