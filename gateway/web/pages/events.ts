// Events (the outbox toward the ERP): the filtered list, one event with its payload and
// delivery attempts, and the dead-letter queue with its bulk replay.
import type { Page } from '../../store/ops-queries';
import type { AuditRecord, DeliveryAttemptRecord, EventSummary, OutboxRecord } from '../../store';
import { OUTBOX_STATES } from '../../store/ops-queries';
import { html, type SafeHtml, when } from '../html';
import { badge, metaTable, actionButton, page, pager, selectFilter, type PageContext } from '../layout';
import { attemptsTable, auditTable, REPLAYABLE } from './file-detail';

/** Filter fields of the event pages. */
export interface EventFilterForm {
  type?: string;
  state?: string;
  partner?: string;
  connector?: string;
  subject?: string;
  fileId?: string;
}

function filterForm(
  action: string,
  form: EventFilterForm,
  partnerIds: readonly string[],
  withState: boolean,
) {
  const v = (s: string | undefined) => s ?? '';
  return html`<form class="filters" method="get" action="${action}">
    <label>Type <input name="type" value="${v(form.type)}" size="18" placeholder="order.created" /></label>
    ${withState ? selectFilter('State', 'state', OUTBOX_STATES, form.state) : ''}
    ${selectFilter('Partner', 'partner', partnerIds, form.partner)}
    <label>Connector <input name="connector" value="${v(form.connector)}" size="10" /></label>
    ${withState ? html`<label>Subject (PO, shipment, invoice no.) <input name="subject" value="${v(form.subject)}" size="16" /></label>` : ''}
    <label>File id <input name="fileId" value="${v(form.fileId)}" size="14" /></label>
    <button type="submit" class="primary">Filter</button>
    <a href="${action}">Clear</a>
  </form>`;
}

function eventTable(ctx: PageContext, items: EventSummary[]): SafeHtml {
  return html`<table id="events">
    <thead>
      <tr>
        <th>Created</th>
        <th>Event</th>
        <th>Type</th>
        <th>Partner</th>
        <th>Subject</th>
        <th>Connector</th>
        <th>State</th>
        <th class="num">Attempts</th>
        <th>Last error</th>
        <th>File</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${
        items.length === 0
          ? html`<tr>
              <td colspan="11" class="muted">No events match.</td>
            </tr>`
          : ''
      }
      ${items.map(
        (e) =>
          html`<tr data-event="${e.id}">
            <td class="mono">${when(e.createdAt)}</td>
            <td><a class="mono" href="/events/${encodeURIComponent(e.id)}">${e.id.slice(0, 16)}…</a></td>
            <td>${e.type}</td>
            <td>${e.partnerId}</td>
            <td>${e.subject}</td>
            <td>${e.connector}</td>
            <td>${badge(e.state)}</td>
            <td class="num">${e.attempts}</td>
            <td class="muted">${e.lastError ?? ''}</td>
            <td>${e.fileId ? html`<a href="/files/${encodeURIComponent(e.fileId)}">file</a>` : ''}</td>
            <td>
              ${REPLAYABLE.has(e.state) ? actionButton(ctx, `/events/${encodeURIComponent(e.id)}/replay`, 'Replay', { cls: 'small', name: 'replay' }) : ''}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The event list page. */
export function eventsPage(
  ctx: PageContext,
  form: EventFilterForm,
  partnerIds: readonly string[],
  list: Page<EventSummary>,
  params: URLSearchParams,
): string {
  return page(
    ctx,
    'Events',
    html`${filterForm('/events', form, partnerIds, true)}${eventTable(ctx, list.items)}${pager('/events', params, list.nextCursor)}`,
  );
}

/** The dead-letter page: the list and a bulk replay of what the filter shows. */
export function deadLettersPage(
  ctx: PageContext,
  form: EventFilterForm,
  partnerIds: readonly string[],
  list: Page<EventSummary>,
  params: URLSearchParams,
): string {
  const filtered = Boolean(form.type || form.partner || form.connector || form.fileId);
  const bulk =
    list.items.length === 0
      ? ''
      : actionButton(
          ctx,
          '/dead-letters/replay',
          filtered ? 'Replay all matching dead letters' : 'Replay all dead letters',
          {
            name: 'replay-dead-letters',
            fields: {
              type: form.type,
              partnerId: form.partner,
              connector: form.connector,
              fileId: form.fileId,
              all: filtered ? undefined : 'true',
            },
          },
        );
  return page(
    ctx,
    'Dead letters',
    html`<p class="muted">
        Events the ERP refused for good or that ran out of retries. Replay queues them again with the same id
        (the ERP dedupes on it).
      </p>
      ${filterForm('/dead-letters', form, partnerIds, false)}
      <div class="actions">${bulk}</div>
      ${eventTable(ctx, list.items)}${pager('/dead-letters', params, list.nextCursor)}`,
  );
}

/** One event: summary, payload, delivery attempts, audit. */
export function eventPage(
  ctx: PageContext,
  event: OutboxRecord,
  attempts: DeliveryAttemptRecord[],
  audit: AuditRecord[],
): string {
  return page(
    ctx,
    `Event ${event.type} ${event.subject}`,
    html`${metaTable('event-meta', [
        { label: 'Id', value: event.id, mono: true },
        { label: 'Type', value: event.type },
        { label: 'Partner', value: event.partnerId },
        { label: 'Subject', value: event.subject },
        {
          label: 'File',
          value: event.fileId
            ? html`<a href="/files/${encodeURIComponent(event.fileId)}">${event.fileId}</a>`
            : '',
        },
        { label: 'Connector', value: event.connector },
        { label: 'State', value: badge(event.state) },
        { label: 'Attempts', value: event.attempts },
        { label: 'Created', value: when(event.createdAt) },
        { label: 'Posted', value: when(event.postedAt) },
        {
          label: 'Next attempt',
          value: event.state === 'failed' || event.state === 'queued' ? when(event.nextAttemptAt) : '',
        },
        { label: 'Last error', value: event.lastError ?? undefined },
        { label: "ERP's last answer", value: event.lastResponse ?? undefined, mono: true },
      ])}
      <div class="actions">
        ${REPLAYABLE.has(event.state) ? actionButton(ctx, `/events/${encodeURIComponent(event.id)}/replay`, 'Replay', { name: 'replay' }) : ''}
      </div>
      <h2>Delivery attempts (${attempts.length})</h2>
      ${attempts.length === 0 ? html`<p class="muted">None yet.</p>` : attemptsTable(attempts)}
      <h2>Payload</h2>
      <pre id="payload">${JSON.stringify(event.payload, null, 2)}</pre>
      <h2>Audit trail</h2>
      ${auditTable(audit)}`,
  );
}
