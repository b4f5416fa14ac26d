// The web console: server-rendered pages over the ops queries and actions (dashboard, files,
// file detail with the raw file and its errors explained, events, dead letters), a login that
// keeps the bearer token in an HttpOnly cookie, and POST forms for replay and reprocess that
// call the same OpsActions as the API, audited with the token's actor. No script runs in the
// pages (Content-Security-Policy without script-src); every value is escaped (html.ts).
import { refuseNul } from '../api/refuse-nul';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditedAction } from '../api/audited-action';
import { DocksideError } from '../../canonical/errors';
import { allows, type ApiAuth, type OpsDeps, type Role } from '../api';
import { ackWindows, partnerHealth } from '../api/routes/partners';
import { eventDetail, fileDetailWithDelivery } from '../api/details';
import { statusOf } from '../api/errors';
import type { FileState, OutboxState } from '../store';
import { FILE_STATES, OUTBOX_STATES } from '../store/ops-queries';
import type { ReplayFilter } from '../runtime/ops-actions';
import { CSS, CSS_ETAG, CSS_PATH, PAGE_HEADERS } from './assets';
import type { PageContext } from './layout';
import { dashboardPage } from './pages/dashboard';
import { deadLettersPage, eventPage, eventsPage, type EventFilterForm } from './pages/events';
import { fileDetailPage, type RawShown } from './pages/file-detail';
import { filesPage, type FileFilterForm } from './pages/files';
import { errorPage, loginPage } from './pages/login';
import { rawView } from './raw-view';
import {
  clearSessionCookie,
  CSRF_FIELD,
  csrfToken,
  csrfValid,
  FlashSigner,
  safeNext,
  sameOrigin,
  sessionCookie,
} from './session';

/** What the console needs: the API's dependencies and its auth (one failure limiter for both). */
export interface WebDeps extends OpsDeps {
  auth: ApiAuth;
}

/** Codes the console answers with besides the API's DS_API_* ones (docs/errors.md). */
export const WEB_ERROR_CODES = {
  DS_WEB_CSRF_REJECTED: {
    status: 403,
    meaning: 'a form post without this session’s CSRF token, or from another origin',
  },
  DS_WEB_BAD_FILTER: {
    status: 400,
    meaning: 'a list filter the page cannot use (bad date, state or cursor)',
  },
} as const;

/** Raw files larger than this are not rendered inline (the download link still works). */
const RAW_VIEW_MAX_BYTES = 16 * 1024 * 1024;

type Query = Record<string, string | string[] | undefined>;
type Form = Record<string, string | undefined>;

const one = (q: Query, key: string): string | undefined => {
  const v = q[key];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' ? undefined : t.slice(0, 200);
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Register the console's pages on `app` (call next to registerOps, before listening). */
export function registerWeb(app: FastifyInstance, deps: WebDeps): void {
  const log = deps.logger.child({ component: 'web' });
  const { auth, store } = deps;
  const flash = new FlashSigner();

  void app.register(async (web) => {
    // Forms post application/x-www-form-urlencoded; only small bodies are expected.
    web.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        const form: Form = {};
        for (const [k, v] of new URLSearchParams(body as string)) if (!(k in form)) form[k] = v;
        done(null, form);
      },
    );

    web.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        for (const [k, v] of Object.entries(PAGE_HEADERS)) reply.header(k, v);
      }
      return payload;
    });

    refuseNul(web);
    web.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof DocksideError) {
        const web = (WEB_ERROR_CODES as Record<string, { status: number }>)[err.code];
        const status = web ? web.status : statusOf(err);
        return sendPage(reply, status, errorPage(status, err.code, err.message));
      }
      const status = err.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return sendPage(reply, status, errorPage(status, 'DS_API_BAD_REQUEST', err.message));
      }
      log.error({ err, url: request.url }, 'web page failed');
      return sendPage(reply, 500, errorPage(500, 'DS_API_INTERNAL', 'internal error (see the gateway log)'));
    });

    web.get(CSS_PATH, async (request, reply) => {
      reply.header('etag', CSS_ETAG).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === CSS_ETAG) return reply.code(304).send();
      return reply.type('text/css; charset=utf-8').send(CSS);
    });

    /**
     * The page context of an authenticated request, or undefined when an answer was sent
     * (redirect to /login, 429). No cookie at all is not a failed authentication: it just
     * goes to the login page. A wrong cookie counts against the address, as in the API.
     */
    async function session(request: FastifyRequest, reply: FastifyReply): Promise<PageContext | undefined> {
      const path = request.url.split('?')[0];
      const wait = auth.retryAfter(request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        await sendPage(
          reply,
          429,
          errorPage(
            429,
            'DS_API_RATE_LIMITED',
            `too many failed logins from this address; retry in ${wait} s`,
          ),
        );
        return undefined;
      }
      const token = auth.tokenOf(request);
      const toLogin = () =>
        reply.redirect(
          `/login?next=${encodeURIComponent(request.method === 'GET' ? request.url : path)}`,
          303,
        );
      if (token === undefined) {
        await toLogin();
        return undefined;
      }
      const outcome = auth.authorize(request, 'viewer');
      if (!outcome.ok) {
        if (outcome.status === 429 && outcome.retryAfterSeconds)
          reply.header('retry-after', String(outcome.retryAfterSeconds));
        if (outcome.status === 429) {
          await sendPage(reply, 429, errorPage(429, outcome.code, outcome.message));
          return undefined;
        }
        log.warn({ ip: request.ip, url: request.url, code: outcome.code }, 'web auth failed');
        reply.header('set-cookie', clearSessionCookie(request));
        await toLogin();
        return undefined;
      }
      const shown = flash.take(request, reply);
      return { principal: outcome.principal, csrf: csrfToken(token), path, ...(shown && { flash: shown }) };
    }

    /** A page handler: authenticate, then render. */
    function pageRoute<Params = Record<string, string>>(
      url: string,
      render: (
        ctx: PageContext,
        request: FastifyRequest<{ Params: Params; Querystring: Query }>,
      ) => Promise<string>,
    ) {
      web.get<{ Params: Params; Querystring: Query }>(url, async (request, reply) => {
        const ctx = await session(request, reply);
        if (!ctx) return reply;
        return sendPage(reply, 200, await render(ctx, request));
      });
    }

    /**
     * A mutating form: same origin, a session, this session's CSRF token, the operator role;
     * then the action, audited like the API's (with outcome), and a redirect back with a flash.
     */
    function actionRoute<Params = Record<string, string>>(
      url: string,
      role: Role,
      describe: (request: FastifyRequest<{ Params: Params; Body: Form }>) => {
        action: string;
        subject: string;
        details?: Record<string, unknown>;
        back: string;
        run: (actor: string) => Promise<string>;
      },
    ) {
      web.post<{ Params: Params; Body: Form }>(url, async (request, reply) => {
        if (!sameOrigin(request)) {
          return sendPage(
            reply,
            403,
            errorPage(403, 'DS_WEB_CSRF_REJECTED', 'this form was posted from another site'),
          );
        }
        const ctx = await session(request, reply);
        if (!ctx) return reply;
        const token = auth.tokenOf(request) as string;
        const form = request.body && typeof request.body === 'object' ? request.body : {};
        if (!csrfValid(token, form[CSRF_FIELD])) {
          log.warn(
            { ip: request.ip, url: request.url, actor: ctx.principal.actor },
            'web form without a valid CSRF token',
          );
          return sendPage(
            reply,
            403,
            errorPage(
              403,
              'DS_WEB_CSRF_REJECTED',
              'the form has no valid CSRF token; reload the page and try again',
            ),
          );
        }
        const what = describe(request);
        const details = { ...(what.details ?? {}), via: 'web' };
        if (!allows(ctx.principal, role)) {
          await store
            .audit(ctx.principal.actor, what.action, what.subject, { ...details, outcome: 'forbidden' })
            .catch((e: unknown) => log.error({ err: e }, 'audit write failed'));
          return sendPage(
            reply,
            403,
            errorPage(
              403,
              'DS_API_FORBIDDEN',
              `this needs the ${role} role; you are signed in as ${ctx.principal.role}`,
            ),
          );
        }
        const actor = ctx.principal.actor;
        const back = safeNext(form.back ?? what.back);
        try {
          const text = await auditedAction(store, log, {
            actor,
            action: what.action,
            subject: what.subject,
            details,
            run: () => what.run(actor),
          });
          reply.header('set-cookie', flash.set(request, { kind: 'ok', text }));
        } catch (err) {
          const code = err instanceof DocksideError ? err.code : 'error';
          reply.header(
            'set-cookie',
            flash.set(request, { kind: 'error', text: `${code}: ${(err as Error).message}` }),
          );
        }
        return reply.redirect(back, 303);
      });
    }

    // Login and logout.
    web.get<{ Querystring: Query }>('/login', async (request, reply) => {
      const next = safeNext(one(request.query, 'next'));
      const token = auth.tokenOf(request);
      if (token !== undefined && auth.check(token)) return reply.redirect(next, 303);
      const shown = flash.take(request, reply);
      return sendPage(reply, 200, loginPage(next, shown));
    });

    web.post<{ Body: Form }>('/login', async (request, reply) => {
      const form = request.body && typeof request.body === 'object' ? request.body : {};
      const next = safeNext(form.next);
      if (!sameOrigin(request)) {
        return sendPage(
          reply,
          403,
          errorPage(403, 'DS_WEB_CSRF_REJECTED', 'this form was posted from another site'),
        );
      }
      const wait = auth.retryAfter(request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        return sendPage(
          reply,
          429,
          loginPage(next, {
            kind: 'error',
            text: `Too many failed logins from this address; try again in ${wait} s.`,
          }),
        );
      }
      const token = (form.token ?? '').trim();
      const principal = token && token.length <= 512 ? auth.check(token) : undefined;
      if (!principal) {
        auth.recordFailure(request.ip);
        log.warn({ ip: request.ip }, 'web login failed');
        return sendPage(reply, 401, loginPage(next, { kind: 'error', text: 'Unknown token.' }));
      }
      await store
        .audit(principal.actor, 'web.login', 'web', { ip: request.ip })
        .catch((e: unknown) => log.error({ err: e }, 'audit write failed'));
      reply.header('set-cookie', sessionCookie(request, token));
      return reply.redirect(next, 303);
    });

    web.post('/logout', async (request, reply) => {
      if (!sameOrigin(request)) {
        return sendPage(
          reply,
          403,
          errorPage(403, 'DS_WEB_CSRF_REJECTED', 'this form was posted from another site'),
        );
      }
      reply.header('set-cookie', [
        clearSessionCookie(request),
        flash.set(request, { kind: 'ok', text: 'You are signed out.' }),
      ]);
      return reply.redirect('/login', 303);
    });

    // Pages.
    pageRoute('/', async (ctx) => {
      const [stats, partners, states] = await Promise.all([
        store.queries.stats(ackWindows(deps.profiles.all())),
        partnerHealth(deps),
        store.queries.connectorStates(),
      ]);
      const stateOf = new Map(states.map((s) => [s.name, s]));
      const connectors = deps.connectors.map((c) => ({ paused: false, ...stateOf.get(c.name), ...c }));
      return dashboardPage(ctx, stats, partners, connectors);
    });

    pageRoute('/files', async (ctx, request) => {
      const q = request.query;
      const form: FileFilterForm = {
        partner: one(q, 'partner'),
        state: one(q, 'state'),
        transport: one(q, 'transport'),
        from: one(q, 'from'),
        to: one(q, 'to'),
        number: one(q, 'number'),
        control: one(q, 'control'),
        name: one(q, 'name'),
      };
      const cursor = one({ cursor: q.cursor }, 'cursor');
      const problems: string[] = [];
      if (form.state && !FILE_STATES.includes(form.state as FileState))
        problems.push(`unknown state "${form.state}"`);
      if (form.from && !validDate(form.from)) problems.push(`"from" is not a date (YYYY-MM-DD)`);
      if (form.to && !validDate(form.to)) problems.push(`"to" is not a date (YYYY-MM-DD)`);
      if (problems.length > 0) throw new DocksideError('DS_WEB_BAD_FILTER', problems.join('; '));
      const list = await store.queries.listFiles({
        ...(form.partner && { partnerId: form.partner }),
        ...(form.state && { state: form.state as FileState }),
        ...(form.transport && { transport: form.transport }),
        ...(form.from && { receivedFrom: new Date(`${form.from}T00:00:00Z`) }),
        // "to" is inclusive: files received before the next midnight.
        ...(form.to && { receivedTo: new Date(Date.parse(`${form.to}T00:00:00Z`) + 86_400_000) }),
        ...(form.number && { businessNumber: form.number }),
        ...(form.control && { controlNumber: form.control }),
        ...(form.name && { name: form.name }),
        ...(cursor && { cursor }),
      });
      return filesPage(ctx, form, partnerIds(), list, paramsOf(form, cursor));
    });

    pageRoute<{ id: string }>('/files/:id', async (ctx, request) => {
      const id = request.params.id;
      const detail = id.length <= 200 ? await fileDetailWithDelivery(store, id) : undefined;
      if (!detail) throw new DocksideError('DS_API_NOT_FOUND', `no file ${id}`);
      const raw = await loadRaw(detail.file.sha256, detail.file.size);
      const tables = deps.profiles.get(detail.file.partnerId)?.crossReference ?? {};
      const { deliveryAttempts: attempts, audit } = detail;
      return fileDetailPage(ctx, { detail, attempts, audit, raw, tables });
    });

    pageRoute('/events', async (ctx, request) => {
      const form = eventForm(request.query);
      if (form.state && !OUTBOX_STATES.includes(form.state as OutboxState)) {
        throw new DocksideError('DS_WEB_BAD_FILTER', `unknown state "${form.state}"`);
      }
      const cursor = one({ cursor: request.query.cursor }, 'cursor');
      const list = await store.queries.listEvents({ ...eventFilter(form), ...(cursor && { cursor }) });
      return eventsPage(ctx, form, partnerIds(), list, paramsOf(form, cursor));
    });

    pageRoute<{ id: string }>('/events/:id', async (ctx, request) => {
      const id = request.params.id;
      const event = id.length <= 200 ? await eventDetail(store, id) : undefined;
      if (!event) throw new DocksideError('DS_API_NOT_FOUND', `no event ${id}`);
      return eventPage(ctx, event, event.deliveryAttempts, event.audit);
    });

    pageRoute('/dead-letters', async (ctx, request) => {
      const { state: _state, subject: _subject, ...form } = eventForm(request.query);
      const cursor = one({ cursor: request.query.cursor }, 'cursor');
      const list = await store.queries.listDeadLetters({ ...eventFilter(form), ...(cursor && { cursor }) });
      return deadLettersPage(ctx, form, partnerIds(), list, paramsOf(form, cursor));
    });

    // Actions (operator).
    actionRoute<{ id: string }>('/files/:id/reprocess', 'operator', (request) => {
      const id = request.params.id;
      return {
        action: 'file.reprocess',
        subject: `file:${id}`,
        back: `/files/${encodeURIComponent(id)}`,
        run: async (actor) => {
          const r = await deps.actions.reprocessFile(id, actor);
          return (
            `Reprocessed: the file is ${r.state}; ${r.queued} event(s) queued` +
            (r.refreshed > 0
              ? `, ${r.refreshed} not yet posted updated (replay those that are dead letters)`
              : '') +
            (r.alreadyQueued > 0
              ? `, ${r.alreadyQueued} already queued or posted before (not posted twice)`
              : '') +
            '.'
          );
        },
      };
    });

    actionRoute<{ id: string }>('/events/:id/replay', 'operator', (request) => {
      const id = request.params.id;
      return {
        action: 'event.replay',
        subject: `event:${id}`,
        back: `/events/${encodeURIComponent(id)}`,
        run: async (actor) => {
          const r = await deps.actions.replayEvent(id, actor);
          return `Event ${r.eventId} is ${r.state} again (same id: the ERP dedupes it).`;
        },
      };
    });

    // Connectors (admin, like the API): every gateway and worker stops or restarts posting.
    for (const paused of [true, false]) {
      const verb = paused ? 'pause' : 'resume';
      actionRoute<{ name: string }>(`/connectors/:name/${verb}`, 'admin', (request) => {
        const name = request.params.name;
        return {
          action: `connector.${verb}`,
          subject: `connector:${name}`,
          back: '/',
          run: async (actor) => {
            await deps.actions.setConnectorPaused(name, paused, actor);
            return paused
              ? `Connector ${name} is paused: nothing is posted through it, by any gateway or worker, until it is resumed.`
              : `Connector ${name} delivers again.`;
          },
        };
      });
    }

    actionRoute('/dead-letters/replay', 'operator', (request) => {
      const form = request.body ?? {};
      const filter: ReplayFilter = {
        ...(form.partnerId && { partnerId: form.partnerId.slice(0, 200) }),
        ...(form.connector && { connector: form.connector.slice(0, 200) }),
        ...(form.type && { type: form.type.slice(0, 200) }),
        ...(form.fileId && { fileId: form.fileId.slice(0, 200) }),
      };
      return {
        action: 'dead-letters.replay',
        subject: 'dead-letters',
        details: { filter },
        back: '/dead-letters',
        run: async (actor) => {
          if (Object.keys(filter).length === 0 && form.all !== 'true') {
            throw new DocksideError('DS_API_BAD_REQUEST', 'give a filter, or replay all');
          }
          const r = await deps.actions.replayEvents(filter, actor);
          return `${r.replayed} dead letter(s) queued again.`;
        },
      };
    });
  });

  function partnerIds(): string[] {
    return deps.profiles
      .all()
      .map((p) => p.id)
      .sort();
  }

  async function loadRaw(sha256: string, size: number): Promise<RawShown> {
    if (size > RAW_VIEW_MAX_BYTES) {
      return {
        unavailable: `The file is ${Math.round(size / 1024 / 1024)} MB: too large to show here; download it.`,
      };
    }
    try {
      return { view: await rawView(await store.blobs.getBlob(sha256)) };
    } catch (err) {
      log.warn({ err, sha256 }, 'raw file unreadable');
      return { unavailable: `The stored bytes cannot be read: ${(err as Error).message}` };
    }
  }
}

function validDate(s: string): boolean {
  return DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
}

function eventForm(q: Query): EventFilterForm {
  return {
    type: one(q, 'type'),
    state: one(q, 'state'),
    partner: one(q, 'partner'),
    connector: one(q, 'connector'),
    subject: one(q, 'subject'),
    fileId: one(q, 'fileId'),
  };
}

function eventFilter(form: EventFilterForm) {
  return {
    ...(form.type && { type: form.type }),
    ...(form.state && { state: form.state as OutboxState }),
    ...(form.partner && { partnerId: form.partner }),
    ...(form.connector && { connector: form.connector }),
    ...(form.subject && { subject: form.subject }),
    ...(form.fileId && { fileId: form.fileId }),
  };
}

function paramsOf(form: object, cursor: string | undefined): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && v !== '') p.set(k, v);
  if (cursor) p.set('cursor', cursor);
  return p;
}

function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
