// The file page: metadata, the errors explained in plain words, the raw file one segment (or
// line) per row with the failing rows highlighted and anchored, transactions, events with
// their delivery attempts, acks and the audit trail. Reprocess and Replay for operators.
import type {
  AuditRecord,
  DeliveryAttemptRecord,
  EventSummary,
  FileDetail,
  TranslationErrorRecord,
} from '../../store';
import { explainError } from '../explain';
import { bytes, html, type SafeHtml, when } from '../html';
import { badge, isOperator, metaTable, actionButton, page, type PageContext } from '../layout';
import { type RawRow, type RawView, rowOf, visibleRows } from '../raw-view';

/** The raw bytes as the page shows them, or why they are not shown. */
export type RawShown = { view: RawView } | { unavailable: string };

/** Data of the file page. */
export interface FilePageData {
  detail: FileDetail;
  attempts: DeliveryAttemptRecord[];
  audit: AuditRecord[];
  raw: RawShown;
  /** The partner profile's cross-reference tables (to say which codes a lookup knows). */
  tables: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** States a file can be reprocessed from. */
export const REPROCESSABLE = new Set(['translated', 'rejected', 'failed']);
/** States an event can be replayed from. */
export const REPLAYABLE = new Set(['posted', 'failed', 'dead']);

const anchorOf = (view: RawView, row: RawRow) => (view.kind === 'x12' ? `seg-${row.n}` : `line-${row.n}`);

/** The file page. */
export function fileDetailPage(ctx: PageContext, data: FilePageData): string {
  const { detail, attempts, audit, raw } = data;
  const events = detail.events;
  const f = detail.file;
  const view = 'view' in raw ? raw.view : undefined;
  // Which raw row each error points at, and the markers each row gets.
  const located = detail.errors.map((e) => ({ error: e, row: view ? rowOf(view, e) : undefined }));
  const marks = new Map<number, TranslationErrorRecord[]>();
  for (const { error, row } of located) if (row) marks.set(row.n, [...(marks.get(row.n) ?? []), error]);
  const attemptsOf = new Map<string, DeliveryAttemptRecord[]>();
  for (const a of attempts) attemptsOf.set(a.eventId, [...(attemptsOf.get(a.eventId) ?? []), a]);
  const eventOfSet = new Map(events.map((e) => [e.id, e]));

  const body = html` ${metaTable('file-meta', [
      { label: 'Name', value: f.name },
      {
        label: 'Partner',
        value: html`<a href="/files?partner=${encodeURIComponent(f.partnerId)}">${f.partnerId}</a>`,
      },
      { label: 'State', value: badge(f.state), id: 'file-state' },
      { label: 'Transport', value: f.transport },
      { label: 'Received', value: when(f.receivedAt) },
      { label: 'Translated', value: when(f.translatedAt) },
      {
        label: 'Size',
        value: html`${bytes(f.size)}
          <a href="/api/v1/files/${encodeURIComponent(f.id)}/raw">download raw</a>`,
      },
      { label: 'SHA-256', value: f.sha256, mono: true },
      { label: 'File id', value: f.id, mono: true },
      {
        label: 'Duplicate of',
        value: f.duplicateOf
          ? html`<a href="/files/${encodeURIComponent(f.duplicateOf)}">${f.duplicateOf}</a>
              (${f.duplicateReason ?? ''})`
          : undefined,
      },
      { label: 'Problem', value: f.errorSummary ?? undefined },
      {
        label: 'Interchanges',
        value:
          detail.interchanges.length > 0
            ? detail.interchanges
                .map((i) => `${i.control} from ${i.senderQualifier}/${i.senderId}`)
                .join(', ')
            : undefined,
        mono: true,
      },
    ])}
    <div class="actions">
      ${REPROCESSABLE.has(f.state) ? actionButton(ctx, `/files/${encodeURIComponent(f.id)}/reprocess`, 'Reprocess', { name: 'reprocess' }) : ''}
      ${isOperator(ctx.principal) && REPROCESSABLE.has(f.state) ? html`<span class="muted">Translate the stored bytes again with today's partner profiles; events keep their ids, nothing is posted twice.</span>` : ''}
    </div>

    <h2 id="errors">Errors (${detail.errors.length})</h2>
    ${detail.errors.length === 0 ? html`<p class="muted">No translation errors.</p>` : ''}
    <ol class="errors">
      ${located.map(({ error, row }) => {
        const x = explainError(error, { ...(row?.version && { version: row.version }), tables: data.tables });
        return html`<li data-code="${error.code}">
          <div class="explain">${x.where}: ${x.what}.</div>
          ${x.expected ? html`<div>Expected: ${x.expected}.</div>` : ''}
          ${x.hint ? html`<div class="hint">${x.hint}</div>` : ''}
          <div class="detail">
            <code>${error.code}</code
            >${error.ack ? html` · acknowledged as <code>${error.ack}</code>` : ''}${row && view ? html` · <a href="#${anchorOf(view, row)}">${view.kind === 'x12' ? `segment ${row.n} of the file (line ${row.line})` : `line ${row.n}`}</a>` : ''}
          </div>
          <div class="detail">${error.message}</div>
        </li>`;
      })}
    </ol>

    <h2 id="raw">Raw file</h2>
    ${view ? rawTable(view, marks) : html`<p class="muted">${'unavailable' in raw ? raw.unavailable : ''}</p>`}

    <h2 id="transactions">Transactions (${detail.transactions.length})</h2>
    ${
      detail.transactions.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>Set</th>
                <th>Interchange</th>
                <th>Group</th>
                <th>Control</th>
                <th>Status</th>
                <th>Event</th>
              </tr>
            </thead>
            <tbody>
              ${detail.transactions.map(
                (t) =>
                  html`<tr>
                    <td>${t.setId}</td>
                    <td class="mono">${t.interchange ?? ''}</td>
                    <td class="mono">${t.group ?? ''}</td>
                    <td class="mono">${t.control ?? ''}</td>
                    <td>${badge(t.status)}</td>
                    <td>
                      ${t.eventId ? html`<a class="mono" href="/events/${encodeURIComponent(t.eventId)}">${t.eventId.slice(0, 16)}…</a> ${badge(eventOfSet.get(t.eventId)?.state)}` : ''}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }

    <h2 id="events">Events (${events.length})</h2>
    ${
      events.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table id="event-table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Type</th>
                <th>Subject</th>
                <th>Connector</th>
                <th>State</th>
                <th class="num">Attempts</th>
                <th>Posted</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${events.map((e) => eventRows(ctx, e, attemptsOf.get(e.id) ?? []))}
            </tbody>
          </table>`
    }

    <h2 id="acks">Acknowledgements and outbound (${detail.outbound.length})</h2>
    ${
      detail.outbound.length === 0
        ? html`<p class="muted">None.</p>`
        : html`<table>
            <thead>
              <tr>
                <th>Kind</th>
                <th>State</th>
                <th class="num">Attempts</th>
                <th>Delivered</th>
                <th>Name at partner</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              ${detail.outbound.map(
                (o) =>
                  html`<tr>
                    <td>${o.kind}</td>
                    <td>${badge(o.state)}</td>
                    <td class="num">${o.attempts}</td>
                    <td>${when(o.deliveredAt)}</td>
                    <td class="mono">${o.remoteName ?? ''}</td>
                    <td class="muted">${o.lastError ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      detail.duplicates.length > 0
        ? html`<h2>Later duplicates (${detail.duplicates.length})</h2>
            <ul>
              ${detail.duplicates.map(
                (d) =>
                  html`<li>
                    <a href="/files/${encodeURIComponent(d.id)}">${d.name}</a> ${when(d.receivedAt)}
                  </li>`,
              )}
            </ul>`
        : ''
    }

    <h2 id="audit">Audit trail</h2>
    ${auditTable(audit)}`;
  return page(ctx, `File ${f.name}`, body);
}

function rawTable(view: RawView, marks: Map<number, TranslationErrorRecord[]>): SafeHtml {
  const rows = visibleRows(view.rows, new Set(marks.keys()));
  const x12 = view.kind === 'x12';
  // The terminator ends each row; a newline terminator would only add a blank line.
  const shownTerminator = x12 && view.terminator && !/\s/.test(view.terminator) ? view.terminator : '';
  return html`${view.latin1 ? html`<p class="muted">The file is not UTF-8; shown as Latin-1.</p>` : ''}
    ${x12 ? html`<p class="muted">One segment per row, split on the file's segment terminator <code>${view.terminator === '\n' ? '\\n' : (view.terminator ?? '')}</code>. # is the segment number in the file; "pos" its position in the transaction set (ST = 1), as the 997 counts it.</p>` : ''}
    <table class="raw" id="raw-table">
      <thead>
        <tr>
          ${
            x12
              ? html`<th class="ln">#</th>
                  <th class="ln">pos</th>
                  <th class="ln">line</th>`
              : html`<th class="ln">line</th>`
          }
          <th>${x12 ? 'segment' : 'content'}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((r) => {
          if ('gap' in r)
            return html`<tr class="gap">
              <td colspan="${x12 ? 4 : 2}">… ${r.gap} rows not shown (download the raw file for all) …</td>
            </tr>`;
          const errors = marks.get(r.n);
          const cls = errors ? 'bad' : '';
          return html`<tr id="${x12 ? `seg-${r.n}` : `line-${r.n}`}" class="${cls}">
            ${
              x12
                ? html`<td class="ln">${r.n}</td>
                    <td class="ln">${r.setPosition ?? ''}</td>
                    <td class="ln">${r.line}</td>`
                : html`<td class="ln">${r.n}</td>`
            }
            ${segmentCell(r.text + shownTerminator, errors)}
          </tr>`;
        })}
      </tbody>
    </table>`;
}

// The cell is pre-wrap: no whitespace may surround the partner's text (kept out of the
// formatter's reach).
function segmentCell(text: string, errors: TranslationErrorRecord[] | undefined): SafeHtml {
  const marker = errors
    ? html`<span class="marker">◀ ${errors.map((e) => e.code.replace(/^DS_/, '')).join(', ')}</span>`
    : '';
  // prettier-ignore
  return html`<td class="seg">${text}${marker}</td>`;
}

function eventRows(ctx: PageContext, e: EventSummary, attempts: DeliveryAttemptRecord[]): SafeHtml {
  return html`<tr data-event="${e.id}">
      <td><a class="mono" href="/events/${encodeURIComponent(e.id)}">${e.id.slice(0, 16)}…</a></td>
      <td>${e.type}</td>
      <td>${e.subject}</td>
      <td>${e.connector}</td>
      <td class="event-state">${badge(e.state)}</td>
      <td class="num">${e.attempts}</td>
      <td>${when(e.postedAt)}</td>
      <td>
        ${REPLAYABLE.has(e.state) ? actionButton(ctx, `/events/${encodeURIComponent(e.id)}/replay`, 'Replay', { cls: 'small', name: 'replay' }) : ''}
      </td>
    </tr>
    ${
      attempts.length > 0 || e.lastError
        ? html`<tr>
            <td></td>
            <td colspan="7">
              ${e.lastError ? html`<div class="muted">Last error: ${e.lastError}</div>` : ''}${attempts.length > 0 ? attemptsTable(attempts) : ''}
            </td>
          </tr>`
        : ''
    }`;
}

/** Delivery attempts of one event. */
export function attemptsTable(attempts: DeliveryAttemptRecord[]): SafeHtml {
  return html`<table class="attempts">
    <thead>
      <tr>
        <th class="num">#</th>
        <th>Started</th>
        <th class="num">ms</th>
        <th>Outcome</th>
        <th class="num">HTTP</th>
        <th>Worker</th>
        <th>Error</th>
      </tr>
    </thead>
    <tbody>
      ${attempts.map(
        (a) =>
          html`<tr>
            <td class="num">${a.attempt}</td>
            <td>${when(a.startedAt)}</td>
            <td class="num">${a.durationMs}</td>
            <td>${badge(a.outcome)}</td>
            <td class="num">${a.statusCode ?? ''}</td>
            <td class="mono">${a.worker}</td>
            <td class="muted">${a.error ?? ''}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** An audit trail. */
export function auditTable(audit: AuditRecord[]): SafeHtml {
  if (audit.length === 0) return html`<p class="muted">Nothing recorded.</p>`;
  return html`<table id="audit-table">
    <thead>
      <tr>
        <th>At</th>
        <th>Actor</th>
        <th>Action</th>
        <th>Details</th>
      </tr>
    </thead>
    <tbody>
      ${audit.map(
        (a) =>
          html`<tr>
            <td class="mono">${when(a.at)}</td>
            <td>${a.actor}</td>
            <td>${a.action}</td>
            <td class="mono">${JSON.stringify(a.details)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
