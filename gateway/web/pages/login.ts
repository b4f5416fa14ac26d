// The login page (the bearer token into an HttpOnly cookie) and the plain error page.
import { html } from '../html';
import { document } from '../layout';

/** The login form; `problem` is shown above it (wrong token, rate limited, signed out). */
export function loginPage(next: string, problem?: { kind: 'ok' | 'error'; text: string }): string {
  return document(
    'Log in',
    html`<main>
      <form class="login" method="post" action="/login">
        <h1>Dockside console</h1>
        ${problem ? html`<div class="flash ${problem.kind}" role="status">${problem.text}</div>` : ''}
        <label for="token">Access token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          maxlength="512"
          autofocus
        />
        <input type="hidden" name="next" value="${next}" />
        <button type="submit" class="primary">Log in</button>
        <p class="muted">
          Use the viewer, operator or admin token the gateway was started with (DOCKSIDE_VIEWER_TOKEN,
          DOCKSIDE_OPERATOR_TOKEN, DOCKSIDE_ADMIN_TOKEN).
        </p>
      </form>
    </main>`,
  );
}

/** A page for an error answer (403, 404, 429 …). */
export function errorPage(status: number, code: string, message: string): string {
  return document(
    `Error ${status}`,
    html`<main>
      <h1>${status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : `Error ${status}`}</h1>
      <div class="flash error" role="alert"><code>${code}</code>: ${message}</div>
      <p><a href="/">Back to the dashboard</a></p>
    </main>`,
  );
}
