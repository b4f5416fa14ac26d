// Translate one file for a partner: picks the translator (X12, or the partner's CSV/XML mapping)
// and applies the profile (ack policy, our identity, outbound delimiters, cross-references).
// Used by the offline CLI and, with the store's control numbers, by the running gateway.
import type { Mapping } from '../translators/mapping/mapping-schema';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { detectFormat } from '../translators/detect-format';
import { collectX12Stream, X12Partner } from '../translators/x12/translate-x12';
import type { AckOptions, ControlNumbers } from '../translators/x12/ack-builder';
import type { InterchangeHeader } from '../translators/x12/model';
import type { Translation, TranslationError } from '../translators/translation';
import { translateMapped } from '../translators/mapping';
import type { PartnerProfile } from './config/profile-schema';
import { findPartnerByIsa } from './config/find-partner';
import { inTurns, nextTurn } from './in-turns';

export interface PartnerFile {
  /** File name as received (used to choose among a partner's mappings, and in errors). */
  readonly name: string;
  readonly bytes: Buffer;
  /** sha256 hex of the bytes. */
  readonly fileId: string;
  /** When the file was received (the event time of CSV/XML events). */
  readonly receivedAt: string;
}

export interface PartnerContext {
  readonly profiles: readonly PartnerProfile[];
  /** Folder of the profiles (for messages). */
  readonly profilesDir: string;
  /** The valid mappings loaded with the profiles, by name (`<dir>/mappings/<name>.yaml`). */
  readonly mappings: ReadonlyMap<string, Mapping>;
  /** The partner the file came from, when the transport says so (SFTP user, drop zone …). */
  readonly partner?: PartnerProfile;
  readonly controls?: ControlNumbers;
  readonly now?: () => Date;
}

/** Why a file cannot be translated at all (not a translation error: a usage problem). */
export interface Unroutable {
  readonly unroutable: string;
}

/** Ack options from a profile: their ack policy, our identity, our outbound delimiters. */
export function ackOptionsFor(
  profile: PartnerProfile,
  ctx: Pick<PartnerContext, 'controls' | 'now'>,
): AckOptions {
  const d = profile.x12?.delimiters;
  return {
    type: profile.acks.type === '999' ? '999' : '997',
    ta1: profile.acks.ta1,
    mode: profile.acks.mode,
    ...(profile.x12 && {
      sender: { qualifier: profile.x12.us.isa.qualifier, id: profile.x12.us.isa.id, gs: profile.x12.us.gs },
    }),
    ...(d && {
      delimiters: {
        element: d.element,
        component: d.component,
        repetition: d.repetition,
        segment: d.segment,
        suffix: '\n',
      },
    }),
    ...(ctx.controls && { controls: ctx.controls }),
    ...(ctx.now && { now: ctx.now }),
  };
}

/** Translate a file. X12 needs no partner (it is found from the ISA sender); CSV/XML do. */
export async function translatePartnerFile(
  file: PartnerFile,
  ctx: PartnerContext,
): Promise<Translation | Unroutable> {
  const format = detectFormat(file.bytes);
  if (format === 'x12') return translateX12File(file, ctx);
  const partner = ctx.partner;
  if (!partner) {
    if (format === 'unknown') return translateX12File(file, ctx);
    return {
      unroutable: `${file.name}: ${format.toUpperCase()} files need a partner (its profile names the mapping)`,
    };
  }
  // Not X12, XML or recognisable CSV: the X12 reader rejects it with a code.
  if (format === 'unknown') return translateX12File(file, ctx);
  const mappingName = chooseMapping(partner, format, file.name);
  if ('unroutable' in mappingName) return mappingName;
  // The version checked when the profiles were (re)loaded, not the file as it is now: an edit that
  // breaks a mapping leaves the last good one in use.
  const mapping = ctx.mappings.get(mappingName.name);
  if (!mapping) {
    const where = path.join(ctx.profilesDir, 'mappings', `${mappingName.name}.yaml`);
    return { unroutable: `${partner.id}: mapping ${mappingName.name} (${where}) is missing or has errors` };
  }
  const result = await translateMapped(Readable.from(inTurns(file.bytes)), {
    mapping,
    partnerId: partner.id,
    fileId: file.fileId,
    fileName: file.name,
    receivedAt: file.receivedAt,
    tables: partner.crossReference,
  });
  const errors: TranslationError[] = result.errors.map((e) => ({
    code: e.code,
    message: e.message,
    ...(e.line !== undefined && { line: e.line }),
    ...(e.row !== undefined && { row: e.row }),
    ...(e.column !== undefined && { column: String(e.column) }),
    ...(e.path !== undefined && { path: e.path }),
    ...(e.value !== undefined && { value: e.value }),
  }));
  return {
    format: mapping.format,
    events: result.events,
    acks: [],
    errors,
    accepted: errors.length === 0,
  };
}

function translateX12File(file: PartnerFile, ctx: PartnerContext): Promise<Translation> {
  const resolvePartner = (h: InterchangeHeader): X12Partner | undefined => {
    const profile = ctx.partner ?? findPartnerByIsa(ctx.profiles, h.senderQualifier, h.senderId);
    return (
      profile && {
        partnerId: profile.id,
        ack: ackOptionsFor(profile, ctx),
        crossReference: profile.crossReference,
      }
    );
  };
  return collectX12Stream(inTurns(file.bytes), {
    fileId: file.fileId,
    resolvePartner,
    ack: { ...(ctx.controls && { controls: ctx.controls }), ...(ctx.now && { now: ctx.now }) },
    pause: nextTurn,
  });
}

/** The partner's mapping for a file: the only one of that format, or the one whose pattern matches. */
function chooseMapping(
  partner: PartnerProfile,
  format: 'csv' | 'xml',
  name: string,
): { name: string } | Unroutable {
  const candidates = partner.documents.inbound.flatMap((d) =>
    typeof d === 'object' && d.format === format ? [d] : [],
  );
  if (candidates.length === 0) return { unroutable: `${partner.id} has no ${format.toUpperCase()} mapping` };
  const base = path.basename(name);
  const matching = candidates.filter((d) => d.match?.some((pattern) => globMatch(pattern, base)));
  if (matching.length > 0) return { name: matching[0].mapping };
  if (candidates.length === 1) return { name: candidates[0].mapping };
  return {
    unroutable: `${base}: ${partner.id} has ${candidates.length} ${format.toUpperCase()} mappings and no match pattern fits this file name`,
  };
}

/**
 * Whether a file name fits a partner's pattern (`*` any run, `?` one character; case-insensitive).
 * No RegExp: the name comes from the partner, and a backtracking RegExp made from `*a*a*a…b` runs
 * for minutes on a 40-character name. Here a mismatch only lets the last `*` take one more character
 * (earlier stars never need to: the last one can absorb whatever they would), so the work is at most
 * pattern length × name length.
 */
export function globMatch(pattern: string, name: string): boolean {
  const same = (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase();
  let p = 0;
  let n = 0;
  let star = -1; // where the pattern resumes after the last `*` seen
  let starEnd = 0; // where in the name that star's run ends
  while (n < name.length) {
    const c = pattern[p];
    if (c !== undefined && c !== '*' && (c === '?' || same(c, name[n]))) {
      p++;
      n++;
    } else if (c === '*') {
      star = ++p;
      starEnd = n;
    } else if (star >= 0) {
      p = star;
      n = ++starEnd;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
