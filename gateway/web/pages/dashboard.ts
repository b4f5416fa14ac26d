// The dashboard: files today by state, exception rate, queue depth by state, dead letters,
// overdue acks, the health of every partner, and the ERP connectors (pause/resume for admins).
import type { ConnectorSummary } from '../../dispatch/connectors-config';
import type { OpsStats } from '../../store/ops-queries';
import type { partnerHealth } from '../../api/routes/partners';
import { html, query, when } from '../html';
import { actionButton, badge, page, type PageContext } from '../layout';

type PartnerRow = Awaited<ReturnType<typeof partnerHealth>>[number];

/** A configured connector and, once someone paused or resumed it, who did and when. */
export interface ConnectorRow extends ConnectorSummary {
  paused: boolean;
  changedBy?: string;
  changedAt?: Date;
}

/** The dashboard page. */
export function dashboardPage(
  ctx: PageContext,
  stats: OpsStats,
  partners: PartnerRow[],
  connectors: ConnectorRow[],
): string {
  const today = stats.since.toISOString().slice(0, 10);
  const fileStates = Object.entries(stats.filesToday).filter(([, n]) => n > 0);
  const exceptions = stats.filesToday.rejected + stats.filesToday.failed;
  const errors24h = partners.reduce((n, p) => n + p.errors24h, 0);
  const waiting = (['queued', 'delivering', 'failed'] as const).map((s) => [s, stats.outbox[s]] as const);
  const body = html` <section class="cards">
      <div class="card" id="files-today">
        <div class="label">Files today</div>
        <div class="value">${stats.filesTodayTotal}</div>
        <ul>
          ${fileStates.length === 0 ? html`<li class="muted">none yet</li>` : ''}
          ${fileStates.map(
            ([state, n]) =>
              html`<li>
                <a href="/files${query({ state, from: today })}">${badge(state)}</a>
                <span data-count="${state}">${n}</span>
              </li>`,
          )}
        </ul>
      </div>
      <div class="card ${exceptions > 0 ? 'alert' : ''}" id="exceptions">
        <div class="label">Exception rate today</div>
        <div class="value">${(stats.exceptionRate * 100).toFixed(1)}%</div>
        <ul>
          <li>
            <a href="/files${query({ state: 'rejected', from: today })}">rejected</a>
            <span data-count="rejected-today">${stats.filesToday.rejected}</span>
          </li>
          <li>
            <a href="/files${query({ state: 'failed', from: today })}">failed</a>
            <span data-count="failed-today">${stats.filesToday.failed}</span>
          </li>
        </ul>
      </div>
      <div class="card ${errors24h > 0 ? 'alert' : ''}" id="errors">
        <div class="label">Translation errors (24 h)</div>
        <div class="value" data-count="errors-24h">${errors24h}</div>
      </div>
      <div class="card" id="queue">
        <div class="label">Queue depth</div>
        <div class="value">${stats.queueDepth}</div>
        <ul>
          ${waiting.map(
            ([s, n]) =>
              html`<li>
                <a href="/events${query({ state: s })}">${badge(s)}</a> <span data-count="${s}">${n}</span>
              </li>`,
          )}
          <li class="muted">oldest waiting ${Math.round(stats.oldestQueuedAgeSeconds)} s</li>
          <li>
            <a href="/events${query({ state: 'posted' })}">${badge('posted')}</a> ${stats.outbox.posted}
          </li>
        </ul>
      </div>
      <div class="card ${stats.deadLetters > 0 ? 'alert' : ''}" id="dead-letters">
        <div class="label">Dead letters</div>
        <div class="value"><a href="/dead-letters" data-count="dead">${stats.deadLetters}</a></div>
      </div>
      <div class="card ${stats.overdueAcks > 0 ? 'alert' : ''}" id="overdue-acks">
        <div class="label">Overdue acks</div>
        <div class="value" data-count="overdue-acks">${stats.overdueAcks}</div>
      </div>
    </section>

    <h2>Partners</h2>
    <table id="partners">
      <thead>
        <tr>
          <th>Partner</th>
          <th>Last file</th>
          <th class="num">Files 24 h</th>
          <th class="num">Rejected 24 h</th>
          <th class="num">Errors 24 h</th>
          <th class="num">Overdue acks</th>
          <th>Outbound</th>
        </tr>
      </thead>
      <tbody>
        ${partners.map(
          (p) =>
            html`<tr data-partner="${p.id}">
              <td>
                <a href="/files${query({ partner: p.id })}">${p.name ?? p.id}</a><br /><span
                  class="muted mono"
                  >${p.id}</span
                >${p.configured ? '' : html` <span class="badge">no profile</span>`}
              </td>
              <td>
                ${p.lastFile ? html`<a href="/files/${encodeURIComponent(p.lastFile.id)}">${p.lastFile.name}</a> ${badge(p.lastFile.state)}<br /><span class="muted">${when(p.lastFile.receivedAt)}</span>` : html`<span class="muted">none</span>`}
              </td>
              <td class="num">${p.files24h}</td>
              <td class="num" data-col="rejected">
                ${p.rejected24h > 0 ? html`<a href="/files${query({ partner: p.id, state: 'rejected' })}">${p.rejected24h}</a>` : '0'}
              </td>
              <td class="num" data-col="errors">${p.errors24h}</td>
              <td class="num">
                ${p.overdueAcks}${p.oldestOverdueAckAt ? html`<br /><span class="muted">since ${when(p.oldestOverdueAckAt)}</span>` : ''}
              </td>
              <td>
                ${p.outbound.pending} pending, ${p.outbound.failed}
                failed${p.outbound.lastDeliveredAt ? html`<br /><span class="muted">last delivered ${when(p.outbound.lastDeliveredAt)}</span>` : ''}${p.outbound.lastError ? html`<br /><span class="muted">${p.outbound.lastError}</span>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>

    <h2>ERP connectors</h2>
    <table id="connectors">
      <thead>
        <tr>
          <th>Connector</th>
          <th>Type</th>
          <th>Deliveries</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${connectors.map((c) => {
          const verb = c.paused ? 'resume' : 'pause';
          return html`<tr data-connector="${c.name}">
            <td class="mono">${c.name}</td>
            <td>${c.type}</td>
            <td>
              ${badge(c.paused ? 'paused' : 'running')}${c.changedBy ? html` <span class="muted">${c.paused ? 'paused' : 'resumed'} by ${c.changedBy} ${when(c.changedAt)}</span>` : ''}
            </td>
            <td>
              ${actionButton(ctx, `/connectors/${encodeURIComponent(c.name)}/${verb}`, c.paused ? 'Resume' : 'Pause', { role: 'admin', name: `${verb}-connector` })}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  return page(ctx, 'Dashboard', body);
}
