// Look-ups over loaded profiles: by partner id, and by the ISA sender identity of an interchange.
import { PartnerProfile } from './profile-schema';

/** The profile with partner id `id`, if any. */
export function findPartner(profiles: readonly PartnerProfile[], id: string): PartnerProfile | undefined {
  return profiles.find((p) => p.id === id);
}

/**
 * The profile whose partner ISA identity is `qualifier`*`id`. ISA05-08 are fixed-width and space-padded
 * (ISA06 is always 15 characters), so both sides are compared trimmed.
 */
export function findPartnerByIsa(
  profiles: readonly PartnerProfile[],
  qualifier: string,
  id: string,
): PartnerProfile | undefined {
  const q = qualifier.trim();
  const i = id.trim();
  return profiles.find((p) => p.x12?.partner.isa.qualifier === q && p.x12.partner.isa.id === i);
}
