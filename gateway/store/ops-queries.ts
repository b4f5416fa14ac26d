// Read-only queries of the ops API (gateway/api): filtered, keyset-paged lists of files and
// events, delivery attempts, partner health and dashboard stats. Nothing here writes; state
// transitions stay in the Store's named methods. Indexes: migrations/0003-ops-indexes.ts.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { DocksideError } from '../../canonical/errors';
import { EVENT_SUMMARY_COLUMNS, toDeliveryAttempt, toEventSummary, toFile } from './row-mappers';
import type { Database } from './schema';
import type { DeliveryAttemptRecord, EventSummary, FileRecord, FileState, OutboxState } from './store';

/** File states a list may filter on. */
export const FILE_STATES: readonly FileState[] = [
  'received',
  'translating',
  'translated',
  'rejected',
  'failed',
  'duplicate',
];
/** Outbox states a list may filter on. */
export const OUTBOX_STATES: readonly OutboxState[] = ['queued', 'delivering', 'posted', 'failed', 'dead'];
/** Outbox states that still wait for the ERP (queue depth, oldest age). */
export const WAITING_STATES: readonly OutboxState[] = ['queued', 'delivering', 'failed'];
/** Outbound kinds we send that the partner must acknowledge with a 997/999. */
const ACKED_KINDS = ['856', '810'] as const;
/** Minutes within which an ack is expected when no profile says (the profile default). */
export const DEFAULT_ACK_MINUTES = 1440;

/** One page of a keyset-paged list. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Filter of `listFiles` (newest first). */
export interface FileListFilter {
  partnerId?: string;
  state?: FileState;
  transport?: string;
  /** Received at or after. */
  receivedFrom?: Date;
  /** Received before. */
  receivedTo?: Date;
  /** A PO, shipment or invoice number: the subject of one of the file's events. */
  businessNumber?: string;
  /** An ISA13, GS06 or ST02 control number of the file (digits also match zero-padded). */
  controlNumber?: string;
  /** Part of the file name (case-insensitive). */
  name?: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

/** Filter of `listEvents` (newest first, by insertion order). */
export interface EventListFilter {
  type?: string;
  state?: OutboxState;
  partnerId?: string;
  connector?: string;
  fileId?: string;
  /** The business key (PO number…). */
  subject?: string;
  cursor?: string;
  limit?: number;
}

/** An outbox event without its payload (lists). */
/** What the partner health queries need from a profile. */
export interface PartnerWindow {
  id: string;
  /** acks.expectWithinMinutes of the profile. */
  expectAckWithinMinutes: number;
}

/** Health of one partner, from the database. */
export interface PartnerHealthRow {
  partnerId: string;
  lastFile: { id: string; name: string; state: FileState; receivedAt: Date } | null;
  /** Files received in the last 24 hours (duplicates included). */
  files24h: number;
  /** Of those, rejected or failed. */
  rejected24h: number;
  /** Translation errors recorded for files received in the last 24 hours. */
  errors24h: number;
  /**
   * Outbound 856/810 documents delivered longer ago than the partner's acks.expectWithinMinutes
   * with no acknowledgement.received event from the partner since. Documents are not matched to
   * acks by control number: any ack after the delivery counts, so this is a lower bound.
   */
  overdueAcks: number;
  oldestOverdueAckAt: Date | null;
  /** Outbound (acks and documents to the partner) by state: the partner transport's health. */
  outbound: { pending: number; failed: number; lastDeliveredAt: Date | null; lastError: string | null };
}

/** The dashboard's figures. */
export interface OpsStats {
  /** Start of "today" (UTC midnight). */
  since: Date;
  filesToday: Record<FileState, number>;
  filesTodayTotal: number;
  /** (rejected + failed) / (files today − duplicates); 0 with no files. */
  exceptionRate: number;
  /** Outbox events by state (every state, zeros included). */
  outbox: Record<OutboxState, number>;
  /** queued + delivering + failed. */
  queueDepth: number;
  deadLetters: number;
  /** Seconds since the oldest waiting event was queued; 0 when nothing waits. */
  oldestQueuedAgeSeconds: number;
  overdueAcks: number;
}

const FILE_PAGE_DEFAULT = 50;
const EVENT_PAGE_DEFAULT = 50;
const PAGE_MAX = 500;
const DAY_MS = 86_400_000;

/** The read-only queries, over the store's Kysely instance (taken lazily: it may be closed). */
export class OpsQueries {
  constructor(private readonly db: () => Kysely<Database>) {}

  /** Files matching `filter`, newest first (received_at, id), one page. */
  async listFiles(filter: FileListFilter = {}): Promise<Page<FileRecord>> {
    const limit = pageSize(filter.limit, FILE_PAGE_DEFAULT);
    let q = this.db()
      .selectFrom('files')
      .selectAll('files')
      // Microsecond text of received_at for the cursor: a JS Date would round it to milliseconds.
      .select(sql<string>`to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('_k'));
    if (filter.partnerId !== undefined) q = q.where('files.partner_id', '=', filter.partnerId);
    if (filter.state !== undefined) q = q.where('files.state', '=', filter.state);
    if (filter.transport !== undefined) q = q.where('files.transport', '=', filter.transport);
    checkInstant(filter.receivedFrom, 'receivedFrom');
    checkInstant(filter.receivedTo, 'receivedTo');
    if (filter.receivedFrom !== undefined) q = q.where('files.received_at', '>=', filter.receivedFrom);
    if (filter.receivedTo !== undefined) q = q.where('files.received_at', '<', filter.receivedTo);
    if (filter.name !== undefined) {
      q = q.where(sql<SqlBool>`files.name ilike ${'%' + escapeLike(filter.name) + '%'}`);
    }
    if (filter.businessNumber !== undefined) {
      const n = filter.businessNumber;
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('outbox')
            .select(sql`1`.as('one'))
            .whereRef('outbox.file_id', '=', 'files.id')
            .where('outbox.subject', '=', n),
        ),
      );
    }
    if (filter.controlNumber !== undefined) {
      const values = controlVariants(filter.controlNumber);
      q = q.where(({ exists, selectFrom, or }) =>
        or([
          exists(
            selectFrom('interchanges')
              .select(sql`1`.as('one'))
              .whereRef('interchanges.file_id', '=', 'files.id')
              .where('interchanges.control', 'in', values),
          ),
          exists(
            selectFrom('transactions')
              .select(sql`1`.as('one'))
              .whereRef('transactions.file_id', '=', 'files.id')
              .where((t) => t.or([t('group_control', 'in', values), t('set_control', 'in', values)])),
          ),
        ]),
      );
    }
    if (filter.cursor !== undefined) {
      const [at, id] = decodeCursor(filter.cursor, 2);
      q = q.where(sql<SqlBool>`(files.received_at, files.id) < (${at}::timestamptz, ${id})`);
    }
    const rows = await q
      .orderBy('files.received_at', 'desc')
      .orderBy('files.id', 'desc')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ _k: _key, ...r }) => toFile(r)),
      nextCursor: more && last ? encodeCursor([last._k, last.id]) : null,
    };
  }

  /** Events matching `filter`, newest first (by insertion order), one page. */
  async listEvents(filter: EventListFilter = {}): Promise<Page<EventSummary>> {
    const limit = pageSize(filter.limit, EVENT_PAGE_DEFAULT);
    let q = this.db().selectFrom('outbox').select(EVENT_SUMMARY_COLUMNS);
    if (filter.type !== undefined) q = q.where('type', '=', filter.type);
    if (filter.state !== undefined) q = q.where('state', '=', filter.state);
    if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
    if (filter.connector !== undefined) q = q.where('connector', '=', filter.connector);
    if (filter.fileId !== undefined) q = q.where('file_id', '=', filter.fileId);
    if (filter.subject !== undefined) q = q.where('subject', '=', filter.subject);
    if (filter.cursor !== undefined) {
      const [seq] = decodeCursor(filter.cursor, 1);
      if (!/^\d{1,18}$/.test(seq)) throw badCursor();
      q = q.where(sql<SqlBool>`seq < ${seq}::bigint`);
    }
    const rows = await q
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toEventSummary),
      nextCursor: more && last ? encodeCursor([String(last.seq)]) : null,
    };
  }

  /** Dead letters (events in state 'dead') matching `filter`, newest first. */
  async listDeadLetters(filter: Omit<EventListFilter, 'state'> = {}): Promise<Page<EventSummary>> {
    return this.listEvents({ ...filter, state: 'dead' });
  }

  /** The events of a file (no payload), in the order they were queued. */
  async eventsOfFile(fileId: string): Promise<EventSummary[]> {
    const rows = await this.db()
      .selectFrom('outbox')
      .select(EVENT_SUMMARY_COLUMNS)
      .where('file_id', '=', fileId)
      .orderBy('seq')
      .execute();
    return rows.map(toEventSummary);
  }

  /** Delivery attempts of one event, oldest first. */
  async deliveryAttempts(eventId: string): Promise<DeliveryAttemptRecord[]> {
    const rows = await this.db()
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('attempt')
      .orderBy('id')
      .execute();
    return rows.map(toDeliveryAttempt);
  }

  /** Delivery attempts of every event of a file, by event then attempt. */
  async deliveryAttemptsOfFile(fileId: string): Promise<DeliveryAttemptRecord[]> {
    const rows = await this.db()
      .selectFrom('delivery_attempts')
      .selectAll()
      .where('event_id', 'in', (eb) =>
        eb.selectFrom('outbox').select('outbox.id').where('outbox.file_id', '=', fileId),
      )
      .orderBy('event_id')
      .orderBy('attempt')
      .orderBy('id')
      .execute();
    return rows.map(toDeliveryAttempt);
  }

  /** Connectors that are paused now, with who paused them. */
  async connectorStates(): Promise<{ name: string; paused: boolean; changedAt: Date; changedBy: string }[]> {
    const rows = await this.db().selectFrom('connector_state').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      paused: r.paused,
      changedAt: r.changed_at,
      changedBy: r.changed_by,
    }));
  }

  /** Intake leases (which gateway polls or hands over what), by name; `held` while unexpired. */
  async leases(now = new Date()): Promise<{ name: string; owner: string; expiresAt: Date; held: boolean }[]> {
    const rows = await this.db().selectFrom('leases').selectAll().orderBy('name').execute();
    return rows.map((r) => {
      const expiresAt = new Date(r.expires_at);
      return { name: r.name, owner: r.owner, expiresAt, held: expiresAt > now };
    });
  }

  /**
   * Health of the partners in `windows` and of every partner that has files, sorted by id.
   * `now` is for tests.
   */
  async partnerHealth(windows: readonly PartnerWindow[], now = new Date()): Promise<PartnerHealthRow[]> {
    const db = this.db();
    const since = new Date(now.getTime() - DAY_MS);
    const [last, recent, errors, overdue, outbound] = await Promise.all([
      // A loose index scan: the partner ids by hopping through files_partner_received_id, then
      // each partner's newest file from the end of its run (PostgreSQL has no skip scan, and
      // DISTINCT ON would sort the whole table).
      sql<{ partner_id: string; id: string; name: string; state: string; received_at: Date }>`
        with recursive p(id) as (
          (select partner_id from files order by partner_id limit 1)
          union all
          select (select partner_id from files where partner_id > p.id order by partner_id limit 1)
          from p where p.id is not null
        )
        select f.partner_id, f.id, f.name, f.state, f.received_at
        from p cross join lateral (
          select partner_id, id, name, state, received_at from files
          where partner_id = p.id order by received_at desc, id desc limit 1
        ) f`.execute(db),
      db
        .selectFrom('files')
        .select([
          'partner_id',
          sql<string>`count(*)`.as('files'),
          sql<string>`count(*) filter (where state in ('rejected', 'failed'))`.as('rejected'),
        ])
        .where('received_at', '>=', since)
        .groupBy('partner_id')
        .execute(),
      db
        .selectFrom('translation_errors')
        .innerJoin('files', 'files.id', 'translation_errors.file_id')
        .select(['files.partner_id', sql<string>`count(*)`.as('errors')])
        .where('files.received_at', '>=', since)
        .groupBy('files.partner_id')
        .execute(),
      this.#overdueAcks(windows, now),
      db
        .selectFrom('outbound')
        .select([
          'partner_id',
          sql<string>`count(*) filter (where state = 'pending')`.as('pending'),
          sql<string>`count(*) filter (where state = 'failed')`.as('failed'),
          sql<Date | null>`max(delivered_at)`.as('last_delivered'),
          sql<
            string | null
          >`(array_agg(last_error order by next_attempt_at desc) filter (where state = 'failed'))[1]`.as(
            'last_error',
          ),
        ])
        .groupBy('partner_id')
        .execute(),
    ]);
    const ids = new Set<string>(windows.map((w) => w.id));
    for (const r of last.rows) ids.add(r.partner_id);
    const by = <T extends { partner_id: string }>(rows: T[]) => new Map(rows.map((r) => [r.partner_id, r]));
    const lastBy = by(last.rows);
    const recentBy = by(recent);
    const errorsBy = by(errors);
    const overdueBy = by(overdue);
    const outboundBy = by(outbound);
    return [...ids].sort().map((partnerId) => {
      const l = lastBy.get(partnerId);
      const r = recentBy.get(partnerId);
      const o = overdueBy.get(partnerId);
      const ob = outboundBy.get(partnerId);
      return {
        partnerId,
        lastFile: l
          ? { id: l.id, name: l.name, state: l.state as FileState, receivedAt: new Date(l.received_at) }
          : null,
        files24h: Number(r?.files ?? 0),
        rejected24h: Number(r?.rejected ?? 0),
        errors24h: Number(errorsBy.get(partnerId)?.errors ?? 0),
        overdueAcks: Number(o?.overdue ?? 0),
        oldestOverdueAckAt: o?.oldest ? new Date(o.oldest) : null,
        outbound: {
          pending: Number(ob?.pending ?? 0),
          failed: Number(ob?.failed ?? 0),
          lastDeliveredAt: ob?.last_delivered ? new Date(ob.last_delivered) : null,
          lastError: ob?.last_error ?? null,
        },
      };
    });
  }

  /** The dashboard figures. `windows` give the ack expectations for overdue acks. */
  async stats(windows: readonly PartnerWindow[], now = new Date()): Promise<OpsStats> {
    const db = this.db();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [files, outbox, oldest, overdue] = await Promise.all([
      db
        .selectFrom('files')
        .select(['state', sql<string>`count(*)`.as('n')])
        .where('received_at', '>=', since)
        .groupBy('state')
        .execute(),
      db
        .selectFrom('outbox')
        .select(['state', sql<string>`count(*)`.as('n')])
        .groupBy('state')
        .execute(),
      db
        .selectFrom('outbox')
        .select(sql<Date | null>`min(created_at)`.as('oldest'))
        .where('state', 'in', WAITING_STATES)
        .executeTakeFirst(),
      this.#overdueAcks(windows, now),
    ]);
    const filesToday = Object.fromEntries(FILE_STATES.map((s) => [s, 0])) as Record<FileState, number>;
    for (const r of files) filesToday[r.state as FileState] = Number(r.n);
    const byState = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
    for (const r of outbox) byState[r.state as OutboxState] = Number(r.n);
    const total = FILE_STATES.reduce((n, s) => n + filesToday[s], 0);
    const counted = total - filesToday.duplicate;
    const exceptions = filesToday.rejected + filesToday.failed;
    const oldestAt = oldest?.oldest ? new Date(oldest.oldest) : null;
    return {
      since,
      filesToday,
      filesTodayTotal: total,
      exceptionRate: counted > 0 ? exceptions / counted : 0,
      outbox: byState,
      queueDepth: WAITING_STATES.reduce((n, s) => n + byState[s], 0),
      deadLetters: byState.dead,
      oldestQueuedAgeSeconds: oldestAt ? Math.max(0, (now.getTime() - oldestAt.getTime()) / 1000) : 0,
      overdueAcks: overdue.reduce((n, r) => n + Number(r.overdue), 0),
    };
  }

  /** Queue depth by waiting state and the oldest waiting event's age: the /metrics gauges. */
  async queueGauges(now = new Date()): Promise<{ depth: Record<string, number>; oldestAgeSeconds: number }> {
    const rows = await this.db()
      .selectFrom('outbox')
      .select(['state', sql<string>`count(*)`.as('n'), sql<Date | null>`min(created_at)`.as('oldest')])
      .where('state', 'in', WAITING_STATES)
      .groupBy('state')
      .execute();
    const depth: Record<string, number> = Object.fromEntries(WAITING_STATES.map((s) => [s, 0]));
    let oldest: number | undefined;
    for (const r of rows) {
      depth[r.state] = Number(r.n);
      if (r.oldest) oldest = Math.min(oldest ?? Infinity, new Date(r.oldest).getTime());
    }
    return {
      depth,
      oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    };
  }

  // Overdue acks per partner (see PartnerHealthRow.overdueAcks). Partners without a window use
  // the profile default.
  async #overdueAcks(
    windows: readonly PartnerWindow[],
    now: Date,
  ): Promise<{ partner_id: string; overdue: string; oldest: Date | null }[]> {
    const ids = windows.map((w) => w.id);
    const minutes = windows.map((w) => w.expectAckWithinMinutes);
    const result = await sql<{ partner_id: string; overdue: string; oldest: Date | null }>`
      select o.partner_id, count(*) as overdue, min(o.delivered_at) as oldest
      from outbound o
      left join unnest(${ids}::text[], ${minutes}::int[]) as w(id, minutes) on w.id = o.partner_id
      where o.kind = any(${[...ACKED_KINDS]}::text[])
        and o.state = 'delivered'
        and o.delivered_at < ${now}::timestamptz
          - make_interval(mins => coalesce(w.minutes, ${DEFAULT_ACK_MINUTES}))
        and not exists (
          select 1 from outbox a
          where a.partner_id = o.partner_id
            and a.type = 'acknowledgement.received'
            and a.created_at >= o.delivered_at)
      group by o.partner_id`.execute(this.db());
    return result.rows;
  }
}

function pageSize(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(PAGE_MAX, Math.floor(limit)));
}

// A cursor is opaque to clients: base64url of a JSON array of strings.
function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The `_k` of listFiles: to_char(received_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeCursor(cursor: string, length: number): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== length ||
    !parts.every((p) => typeof p === 'string' && p.length > 0 && p.length < 200)
  ) {
    throw badCursor();
  }
  // The time is the exact text a page handed out (microseconds, which a Date would lose).
  if (
    length === 2 &&
    !(CURSOR_TIME.test(parts[0] as string) && storableInstant(new Date(parts[0] as string)))
  )
    throw badCursor();
  return parts as string[];
}

/**
 * A date PostgreSQL takes as a timestamptz from its ISO text: years 1 to 9999 (JavaScript writes
 * year 0 and years past 9999 in forms it refuses, and an invalid date has no text at all).
 */
function storableInstant(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}

function checkInstant(d: Date | undefined, what: string): void {
  if (d !== undefined && !storableInstant(d))
    throw new DocksideError('DS_API_BAD_REQUEST', `${what} is not a date between the years 1 and 9999`);
}

function badCursor(): DocksideError {
  // An API code: cursors only come from (and go back to) the ops API.
  return new DocksideError('DS_API_BAD_CURSOR', 'the cursor is not one this list handed out');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ISA13 is nine digits, zero-padded; GS06/ST02 are not padded. "42" finds 000000042 and 42.
function controlVariants(value: string): string[] {
  const out = new Set([value]);
  if (/^\d{1,9}$/.test(value)) {
    out.add(value.padStart(9, '0'));
    out.add(String(Number(value)));
    out.add(value.padStart(4, '0'));
  }
  return [...out];
}
