// The file list: filters (partner, state, transport, date range, business number, control
// number, name) as a GET form, newest first, cursor-paged.
import type { FileRecord } from '../../store';
import type { Page } from '../../store/ops-queries';
import { FILE_STATES } from '../../store/ops-queries';
import { bytes, html, when } from '../html';
import { badge, page, pager, selectFilter, type PageContext } from '../layout';

/** The filter fields of the page, as typed in the form. */
export interface FileFilterForm {
  partner?: string;
  state?: string;
  transport?: string;
  from?: string;
  to?: string;
  number?: string;
  control?: string;
  name?: string;
}

/** The file list page. */
export function filesPage(
  ctx: PageContext,
  form: FileFilterForm,
  partnerIds: readonly string[],
  list: Page<FileRecord>,
  params: URLSearchParams,
  problem?: string,
): string {
  const v = (s: string | undefined) => s ?? '';
  const body = html` <form class="filters" method="get" action="/files">
      ${selectFilter('Partner', 'partner', partnerIds, form.partner)}
      ${selectFilter('State', 'state', FILE_STATES, form.state)}
      <label>Transport <input name="transport" value="${v(form.transport)}" size="10" /></label>
      <label>Received from <input type="date" name="from" value="${v(form.from)}" /></label>
      <label>to (inclusive) <input type="date" name="to" value="${v(form.to)}" /></label>
      <label>PO / shipment / invoice no. <input name="number" value="${v(form.number)}" size="16" /></label>
      <label
        >Control no. (ISA13/GS06/ST02) <input name="control" value="${v(form.control)}" size="12"
      /></label>
      <label>Name contains <input name="name" value="${v(form.name)}" size="14" /></label>
      <button type="submit" class="primary">Filter</button>
      <a href="/files">Clear</a>
    </form>
    ${problem ? html`<div class="flash error">${problem}</div>` : ''}
    <table id="files">
      <thead>
        <tr>
          <th>Received</th>
          <th>Partner</th>
          <th>Name</th>
          <th>Transport</th>
          <th class="num">Size</th>
          <th>State</th>
          <th>Problem</th>
        </tr>
      </thead>
      <tbody>
        ${
          list.items.length === 0
            ? html`<tr>
                <td colspan="7" class="muted">No files match.</td>
              </tr>`
            : ''
        }
        ${list.items.map(
          (f) =>
            html`<tr data-file="${f.id}">
              <td class="mono">${when(f.receivedAt)}</td>
              <td>${f.partnerId}</td>
              <td><a href="/files/${encodeURIComponent(f.id)}">${f.name}</a></td>
              <td>${f.transport}</td>
              <td class="num">${bytes(f.size)}</td>
              <td>${badge(f.state)}</td>
              <td class="muted">${f.errorSummary ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${pager('/files', params, list.nextCursor)}`;
  return page(ctx, 'Files', body);
}
