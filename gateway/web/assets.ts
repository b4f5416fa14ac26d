// The console's one stylesheet, served at /assets/dockside.css (no CDN, no build step), and the
// headers every page gets: a strict Content-Security-Policy (no script at all, styles only from
// this site), no framing, no sniffing, no caching of pages that show partner data.
import { createHash } from 'node:crypto';

/** Path of the stylesheet. */
export const CSS_PATH = '/assets/dockside.css';

/** Content-Security-Policy of every page: nothing runs, nothing loads from elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Security headers of every HTML answer. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The stylesheet. */
export const CSS = `
:root { --fg:#1d2433; --muted:#5b6478; --line:#d9dde6; --bg:#f6f7f9; --accent:#1f5fbf;
  --bad:#b3261e; --badbg:#fdecea; --ok:#1e7b34; --okbg:#e7f5ea; --warn:#8a5a00; --warnbg:#fff4d6; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.2rem; background:#17223b; color:#fff; }
header a { color:#dfe7f5; text-decoration:none; }
header a:hover, header a.active { color:#fff; text-decoration:underline; }
header .brand { font-weight:700; font-size:1.05rem; color:#fff; }
header nav { display:flex; gap:1rem; flex:1; }
header .who { display:flex; gap:.6rem; align-items:center; }
header .role { padding:.1rem .5rem; border-radius:.8rem; background:#2f3f66; font-size:.8rem; }
header form { margin:0; }
header button { background:none; border:1px solid #6c7ba3; color:#dfe7f5; border-radius:4px; padding:.15rem .6rem; cursor:pointer; }
main { padding:1rem 1.2rem 3rem; max-width:1400px; }
h1 { font-size:1.35rem; margin:.2rem 0 1rem; }
h2 { font-size:1.1rem; margin:1.6rem 0 .6rem; }
a { color:var(--accent); }
table { border-collapse:collapse; width:100%; background:#fff; border:1px solid var(--line); }
th, td { text-align:left; padding:.35rem .55rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f6; font-weight:600; font-size:.85rem; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
table.meta { width:auto; min-width:40rem; }
table.meta th { width:11rem; }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(12rem, 1fr)); gap:.8rem; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.7rem .9rem; }
.card .label { color:var(--muted); font-size:.8rem; text-transform:uppercase; letter-spacing:.03em; }
.card .value { font-size:1.6rem; font-weight:650; }
.card.alert .value { color:var(--bad); }
.card ul { list-style:none; margin:.3rem 0 0; padding:0; font-size:.9rem; }
.badge { display:inline-block; padding:.05rem .45rem; border-radius:.7rem; font-size:.8rem; background:#e9ecf2; }
.badge.translated, .badge.posted, .badge.delivered, .badge.running, .badge.A { background:var(--okbg); color:var(--ok); }
.badge.rejected, .badge.failed, .badge.dead, .badge.paused, .badge.R { background:var(--badbg); color:var(--bad); }
.badge.queued, .badge.delivering, .badge.pending, .badge.received, .badge.translating, .badge.E { background:var(--warnbg); color:var(--warn); }
.flash { padding:.6rem .9rem; border-radius:5px; margin-bottom:1rem; }
.flash.ok { background:var(--okbg); color:var(--ok); border:1px solid #b7dfc1; }
.flash.error { background:var(--badbg); color:var(--bad); border:1px solid #f1b8b3; }
form.filters { display:flex; flex-wrap:wrap; gap:.6rem; align-items:flex-end; margin-bottom:1rem; background:#fff; padding:.7rem; border:1px solid var(--line); }
form.filters label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); }
input, select { font:inherit; padding:.25rem .4rem; border:1px solid #b9c0cf; border-radius:4px; background:#fff; }
button { font:inherit; cursor:pointer; }
button.primary, button.action { background:var(--accent); color:#fff; border:0; border-radius:4px; padding:.3rem .8rem; }
button.action.small { padding:.1rem .5rem; font-size:.85rem; }
form.inline { display:inline; margin:0; }
.actions { display:flex; gap:.6rem; align-items:center; margin:.6rem 0; }
.pager { margin:.8rem 0; display:flex; gap:1rem; }
.muted { color:var(--muted); }
.mono, code, pre { font-family:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:.85rem; }
pre { background:#fff; border:1px solid var(--line); padding:.6rem; overflow:auto; white-space:pre-wrap; word-break:break-all; }
table.raw { font-family:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:.82rem; }
table.raw td { padding:.05rem .5rem; border-bottom:0; white-space:pre-wrap; word-break:break-all; }
table.raw td.ln { color:var(--muted); text-align:right; width:3.5rem; user-select:none; border-right:1px solid var(--line); }
table.raw tr.bad td { background:var(--badbg); }
table.raw tr.bad td.seg { color:var(--bad); font-weight:600; }
table.raw tr.gap td { color:var(--muted); font-style:italic; background:#fafbfc; }
table.raw tr:target td { outline:2px solid var(--bad); }
.marker { color:var(--bad); font-family:system-ui, sans-serif; font-size:.8rem; margin-left:.8rem; }
ol.errors { padding-left:1.4rem; }
ol.errors li { background:#fff; border:1px solid #f1b8b3; border-left:4px solid var(--bad); padding:.5rem .8rem; margin-bottom:.5rem; list-style-position:outside; }
ol.errors .explain { font-weight:600; }
ol.errors .detail { color:var(--muted); font-size:.85rem; }
ol.errors .hint { color:var(--ok); font-size:.9rem; }
table.attempts { margin:.2rem 0 .2rem 0; font-size:.85rem; }
.login { max-width:26rem; margin:4rem auto; background:#fff; border:1px solid var(--line); padding:1.4rem; border-radius:6px; }
.login label { display:block; margin:.6rem 0 .3rem; }
.login input { width:100%; }
.login button { margin-top:1rem; }
`;

/** ETag of the stylesheet (it changes only with a new build). */
export const CSS_ETAG = `"${createHash('sha256').update(CSS).digest('base64url').slice(0, 16)}"`;
