// Refuses secrets written into a profile: profiles are committed, shared and pasted into tickets.
import { formatPath } from './field-path';
import { FieldFinding } from './issue-message';
import { SECRET_FIELD_NAMES } from './profile-schema';
import { containsPemPrivateKey, isSecretRef } from './secrets';

/**
 * Find inline secrets anywhere in parsed profile data: a secret-named field (password, privateKey, …)
 * whose value is not an env:/file: reference, or any string holding a PEM private key. Messages never
 * repeat the value.
 */
export function findInlineSecrets(data: unknown): FieldFinding[] {
  const findings: FieldFinding[] = [];
  const visit = (value: unknown, path: PropertyKey[]) => {
    const key = path[path.length - 1];
    if (typeof value === 'string' && containsPemPrivateKey(value)) {
      findings.push({
        path,
        message: `${formatPath(path)} holds an inline PEM private key; keep the key in a file and write a reference (file:path or env:NAME)`,
        code: 'DS_CONFIG_INLINE_SECRET',
      });
    } else if (
      typeof key === 'string' &&
      SECRET_FIELD_NAMES.has(key) &&
      value !== undefined &&
      value !== null
    ) {
      if (typeof value !== 'string' || !isSecretRef(value)) {
        findings.push({
          path,
          message: `${formatPath(path)} is an inline secret; write a reference instead (env:NAME or file:path), secrets never go in a profile`,
          code: 'DS_CONFIG_INLINE_SECRET',
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    }
  };
  visit(data, []);
  return findings;
}
