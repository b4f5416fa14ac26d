// The OpenAPI 3.1 document of the ops API, built from the routes as they are registered (an
// onRoute hook collects each route's schema and config), and its rendered reference page: one
// self-contained HTML page, no script, no CDN, every text escaped.
import type { RouteOptions } from 'fastify';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = Record<string, any>;

/** A route as the document sees it. */
export interface CollectedRoute {
  method: string;
  /** Fastify path ('/api/v1/files/:id'). */
  url: string;
  role?: string;
  summary?: string;
  tag?: string;
  produces?: string;
  schema: Schema;
}

/** Collects routes under `prefix` (attach `onRoute` as an app hook before registering them). */
export class RouteCollector {
  readonly routes: CollectedRoute[] = [];

  constructor(private readonly prefixes: readonly string[]) {}

  /** The onRoute hook. HEAD twins of GET routes are left out. */
  onRoute = (route: RouteOptions): void => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!this.prefixes.some((p) => route.url.startsWith(p))) return;
    for (const m of methods) {
      if (m === 'HEAD') continue;
      const config = (route.config ?? {}) as Schema;
      this.routes.push({
        method: m.toLowerCase(),
        url: route.url,
        ...(config.role && { role: config.role }),
        ...(config.summary && { summary: config.summary }),
        ...(config.tag && { tag: config.tag }),
        ...(config.produces && { produces: config.produces }),
        schema: (route.schema ?? {}) as Schema,
      });
    }
  };
}

/** The OpenAPI 3.1 document of the collected routes. */
export function openApiDocument(routes: readonly CollectedRoute[], version: string): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const r of sorted) {
    const path = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Schema = {
      operationId: operationId(r),
      summary: r.summary ?? `${r.method.toUpperCase()} ${path}`,
      ...(r.tag && { tags: [r.tag] }),
      ...(r.role
        ? { security: [{ bearer: [] }, { cookie: [] }], 'x-dockside-role': r.role }
        : { security: [] }),
      parameters: [...parameters(r.schema.params, 'path'), ...parameters(r.schema.querystring, 'query')],
      ...(r.schema.body && {
        requestBody: { required: false, content: { 'application/json': { schema: r.schema.body } } },
      }),
      responses: responses(r),
    };
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dockside ops API',
      version,
      description:
        'Files, events, dead letters, partners and stats of a Dockside gateway. Bearer tokens by role ' +
        '(viewer < operator < admin); errors are {"error": {"code", "message"}} with DS_API_* codes.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'DOCKSIDE_{ADMIN,OPERATOR,VIEWER}_TOKEN' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'dockside_token' },
      },
    },
    paths,
  };
}

function operationId(r: CollectedRoute): string {
  const words = r.url
    .replace(/^\/api\/v1\/?/, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith(':') ? `by-${w.slice(1)}` : w));
  return [r.method, ...words].join('-').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function parameters(schema: Schema | undefined, where: 'path' | 'query'): Schema[] {
  if (!schema?.properties) return [];
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties as Record<string, Schema>).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description && { description }),
      schema: rest,
    };
  });
}

function responses(r: CollectedRoute): Schema {
  const out: Schema = {};
  const declared = (r.schema.response ?? {}) as Record<string, Schema>;
  if (r.produces) {
    out['200'] = {
      description: 'OK',
      content: { [r.produces]: { schema: { type: 'string', format: 'binary' } } },
    };
  }
  for (const [status, schema] of Object.entries(declared)) {
    out[status] = {
      description: STATUS_TEXT[status] ?? 'answer',
      content: { 'application/json': { schema } },
    };
  }
  if (Object.keys(out).length === 0) out['200'] = { description: 'OK' };
  return out;
}

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '400': 'DS_API_BAD_REQUEST / DS_API_BAD_CURSOR: the request does not match the schema',
  '401': 'DS_API_UNAUTHORIZED: no token, unknown token, or no token configured',
  '403': 'DS_API_FORBIDDEN: the role is too low',
  '404': 'DS_API_NOT_FOUND (or the store/dispatcher *_NOT_FOUND code)',
  '409': 'the action is refused in the current state (e.g. DS_DISPATCH_NOT_REPLAYABLE)',
  '422': 'the action was refused (its DS_ code says why)',
  '429': 'DS_API_RATE_LIMITED: too many failed authentications; see Retry-After',
  '500': 'DS_API_INTERNAL',
  '503': 'DS_API_NOT_AVAILABLE, or a retryable error',
};

/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The reference page: every operation with its role, parameters, body and answers. */
export function referencePage(doc: Schema): string {
  const e = (v: unknown) => escapeHtml(String(v ?? ''));
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const anchor = e(op.operationId);
      toc.push(`<li><a href="#${anchor}"><code>${e(method.toUpperCase())} ${e(path)}</code></a></li>`);
      const params = (op.parameters as Schema[])
        .map(
          (p) =>
            `<tr><td><code>${e(p.name)}</code></td><td>${e(p.in)}</td><td>${p.required ? 'yes' : ''}</td>` +
            `<td><code>${e(typeText(p.schema))}</code></td><td>${e(p.description)}</td></tr>`,
        )
        .join('');
      const body = op.requestBody
        ? `<h4>Body (JSON)</h4><pre>${e(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2))}</pre>`
        : '';
      const answers = Object.entries(op.responses as Record<string, Schema>)
        .map(([status, r]) => `<li><b>${e(status)}</b> ${e(r.description)}</li>`)
        .join('');
      const ok = op.responses['200']?.content?.['application/json']?.schema;
      ops.push(
        `<section id="${anchor}"><h3><span class="m">${e(method.toUpperCase())}</span> <code>${e(path)}</code></h3>` +
          `<p>${e(op.summary)}</p><p class="role">role: ${e(op['x-dockside-role'] ?? 'none (public)')}</p>` +
          (params
            ? `<table><tr><th>name</th><th>in</th><th>required</th><th>type</th><th>about</th></tr>${params}</table>`
            : '') +
          body +
          `<h4>Answers</h4><ul>${answers}</ul>` +
          (ok
            ? `<details><summary>200 schema</summary><pre>${e(JSON.stringify(ok, null, 2))}</pre></details>`
            : '') +
          `</section>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(doc.info.title)} ${e(doc.info.version)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;color:#1d2733}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f6f8;padding:.6rem;overflow:auto;max-height:24rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #d5dbe1;padding:.2rem .5rem;text-align:left}
section{border-top:1px solid #d5dbe1;margin-top:1.2rem}.m{background:#1d4e89;color:#fff;padding:0 .4rem;border-radius:3px}
.role{color:#5a6978}
</style></head><body>
<h1>${e(doc.info.title)} <small>${e(doc.info.version)}</small></h1>
<p>${e(doc.info.description)}</p>
<p>Send <code>Authorization: Bearer TOKEN</code> (or the <code>dockside_token</code> cookie). Machine-readable:
<a href="openapi.json">openapi.json</a>.</p>
<h2>Operations</h2><ul>${toc.join('')}</ul>
${ops.join('\n')}
</body></html>
`;
}

function typeText(s: Schema | undefined): string {
  if (!s) return '';
  if (s.enum) return (s.enum as unknown[]).join(' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? '');
  return s.format ? `${t} (${s.format})` : t;
}
