// The page shell: header with navigation, the signed-in role and logout, the flash message,
// and small building blocks shared by the pages (state badges, operator-only forms, pager).
import { allows, type Principal, type Role } from '../api';
import { CSS_PATH } from './assets';
import { html, type HtmlValue, SafeHtml } from './html';
import { CSRF_FIELD, type Flash } from './session';

/** What every authenticated page knows about its request. */
export interface PageContext {
  principal: Principal;
  /** The CSRF token for this session's forms. */
  csrf: string;
  flash?: Flash;
  /** The path of the page (for redirects back after a POST). */
  path: string;
}

const NAV: [string, string][] = [
  ['/', 'Dashboard'],
  ['/files', 'Files'],
  ['/events', 'Events'],
  ['/dead-letters', 'Dead letters'],
];

/** Whether the principal may replay and reprocess. */
export function isOperator(p: Principal): boolean {
  return allows(p, 'operator');
}

/** A full page. */
export function page(ctx: PageContext, title: string, body: HtmlValue): string {
  const active = (href: string) =>
    href === '/' ? ctx.path === '/' : ctx.path === href || ctx.path.startsWith(`${href}/`);
  return document(
    title,
    html`<header>
        <a class="brand" href="/">Dockside</a>
        <nav>
          ${NAV.map(([href, label]) => html`<a href="${href}" class="${active(href) ? 'active' : ''}">${label}</a>`)}
        </nav>
        <div class="who">
          <span
            >Signed in as
            <span class="role" data-role="${ctx.principal.role}">${ctx.principal.role}</span></span
          >
          <form method="post" action="/logout">${csrfField(ctx)}<button type="submit">Log out</button></form>
        </div>
      </header>
      <main>
        ${ctx.flash ? html`<div class="flash ${ctx.flash.kind}" role="status">${ctx.flash.text}</div>` : ''}
        <h1>${title}</h1>
        ${body}
      </main>`,
  );
}

/** A page without the signed-in header (login, errors before authentication). */
export function document(title: string, body: HtmlValue): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Dockside</title>
        <link rel="stylesheet" href="${CSS_PATH}" />
      </head>
      <body>
        ${body}
      </body>
    </html> `.text;
}

/** The hidden CSRF field of a form. */
export function csrfField(ctx: Pick<PageContext, 'csrf'>): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}" />`;
}

/**
 * A POST button for those holding `role` (default operator; nothing for the others). `fields`
 * become hidden inputs.
 */
export function actionButton(
  ctx: PageContext,
  action: string,
  label: string,
  options: { fields?: Record<string, string | undefined>; cls?: string; name?: string; role?: Role } = {},
): SafeHtml {
  if (!allows(ctx.principal, options.role ?? 'operator')) return html``;
  const fields = Object.entries(options.fields ?? {}).filter(([, v]) => v !== undefined && v !== '');
  return html`<form class="inline" method="post" action="${action}">
    ${csrfField(ctx)}${fields.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}<input
      type="hidden"
      name="back"
      value="${ctx.path}"
    /><button type="submit" class="action ${options.cls ?? ''}" data-action="${options.name ?? label}">
      ${label}
    </button>
  </form>`;
}

/** A state badge. */
export function badge(state: string | null | undefined): SafeHtml {
  if (!state) return html``;
  return html`<span class="badge ${state.replace(/[^A-Za-z0-9-]/g, '')}" data-state="${state}"
    >${state}</span
  >`;
}

/** "Next page" and "First page" links of a cursor-paged list. */
export function pager(path: string, params: URLSearchParams, nextCursor: string | null): SafeHtml {
  const first = new URLSearchParams(params);
  first.delete('cursor');
  const firstQ = first.toString();
  const next = new URLSearchParams(params);
  if (nextCursor) next.set('cursor', nextCursor);
  return html`<div class="pager">
    ${params.has('cursor') ? html`<a href="${path}${firstQ ? `?${firstQ}` : ''}">« First page</a>` : ''}
    ${nextCursor ? html`<a href="${path}?${next.toString()}" rel="next">Next page »</a>` : html`<span class="muted">End of list</span>`}
  </div>`;
}

/** One row of a `metaTable`; a row whose value is undefined is left out. */
export interface MetaRow {
  label: string;
  value: HtmlValue;
  /** Id of the value cell (tests and links point at it). */
  id?: string;
  mono?: boolean;
}

/** A label/value table (the summary at the top of a detail page). */
export function metaTable(id: string, rows: readonly MetaRow[]): SafeHtml {
  return html`<table class="meta" id="${id}">
    ${rows
      .filter((r) => r.value !== undefined)
      .map(
        (r) =>
          html`<tr>
            <th>${r.label}</th>
            <td ${r.id ? html`id="${r.id}"` : ''} ${r.mono ? html`class="mono"` : ''}>${r.value}</td>
          </tr>`,
      )}
  </table>`;
}

/** A filter drop-down: "any" first, then `options`, with `selected` chosen. */
export function selectFilter(
  label: string,
  name: string,
  options: readonly string[],
  selected: string | undefined,
): SafeHtml {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">any</option>
      ${options.map((o) => html`<option value="${o}" ${selected === o ? 'selected' : ''}>${o}</option>`)}
    </select></label
  >`;
}
