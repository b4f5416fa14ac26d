// Rules that span files: ids, ISA identities and hosted-SFTP usernames must each belong to one partner.
import { ParsedProfile, ProfileError } from './parse-profile';
import { FieldPath } from './yaml-positions';

interface Claim {
  key: string;
  path: FieldPath;
  describe: string;
  code: string;
}

/**
 * Errors for every profile that claims an id, ISA identity (qualifier + id) or hosted-SFTP username that
 * an earlier profile (in the given order) already claimed; the error sits on the later file and names
 * the earlier one.
 */
export function findCrossProfileConflicts(parsed: readonly ParsedProfile[]): ProfileError[] {
  const owners = new Map<string, { file: string; id: string }>();
  const errors: ProfileError[] = [];
  for (const entry of parsed) {
    if (!entry.profile) continue;
    for (const claim of claimsOf(entry)) {
      const owner = owners.get(claim.key);
      if (owner) {
        const pos = entry.locate(claim.path);
        errors.push({
          file: entry.file,
          ...pos,
          message: `${claim.describe} is already used by ${owner.file} (partner ${owner.id})`,
          code: claim.code,
        });
      } else {
        owners.set(claim.key, { file: entry.file, id: entry.profile.id });
      }
    }
  }
  return errors;
}

function claimsOf(entry: ParsedProfile): Claim[] {
  const profile = entry.profile!;
  const claims: Claim[] = [
    { key: `id:${profile.id}`, path: ['id'], describe: `id "${profile.id}"`, code: 'DS_CONFIG_DUPLICATE_ID' },
  ];
  if (profile.x12) {
    const { qualifier, id } = profile.x12.partner.isa;
    claims.push({
      key: `isa:${qualifier}*${id}`,
      path: ['x12', 'partner', 'isa'],
      describe: `ISA identity ${qualifier}*${id}`,
      code: 'DS_CONFIG_DUPLICATE_ISA',
    });
  }
  profile.transports.forEach((t, i) => {
    if (t.type !== 'hosted-sftp') return;
    claims.push({
      key: `sftp:${t.username}`,
      path: ['transports', i, 'username'],
      describe: `hosted SFTP username "${t.username}"`,
      code: 'DS_CONFIG_DUPLICATE_USERNAME',
    });
  });
  return claims;
}
