// The webhook connector: POST the CloudEvent (structured mode) with the event id as
// Idempotency-Key and an HMAC-SHA256 signature of the exact body, over keep-alive connections.
import * as http from 'node:http';
import * as https from 'node:https';
import type { WebhookConnectorConfig } from './connectors-config';
import { outcomeOfStatus, type Connector, type Delivery, type DeliveryResult } from './connector';
import { SIGNATURE_HEADER, signBody } from './signature';

const RESPONSE_KEEP = 4096;
/** How a request fails on a kept-alive connection its server has closed. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

export interface WebhookOptions {
  name: string;
  config: WebhookConnectorConfig;
  /** The resolved signing secret, when the config names one. */
  secret?: string;
  /** The resolved CA bundle, when the config names one. */
  ca?: string;
  /** Sockets kept per connector (the dispatcher's concurrency). */
  maxSockets: number;
}

export function webhookConnector(options: WebhookOptions): Connector {
  const url = new URL(options.config.url);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        maxSockets: options.maxSockets,
        rejectUnauthorized: options.config.tls?.rejectUnauthorized ?? true,
        ...(options.ca && { ca: options.ca }),
      })
    : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const send = secure ? https.request : http.request;

  function deliver(event: Delivery): Promise<DeliveryResult> {
    const body = Buffer.from(JSON.stringify(event.payload));
    const headers: http.OutgoingHttpHeaders = {
      ...options.config.headers,
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'content-length': body.length,
      'idempotency-key': event.id,
      'user-agent': 'dockside',
      ...(options.secret && { [SIGNATURE_HEADER]: signBody(options.secret, body) }),
    };
    const ms = options.config.timeoutMs;
    return new Promise((resolve) => {
      let timedOut = false;
      let settled = false;
      const settle = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      const failed = (what: string) => (e: Error) =>
        settle({ outcome: 'retry', error: timedOut ? `no answer within ${ms} ms` : `${what}${e.message}` });
      let req: http.ClientRequest;
      const post = () => {
        let answered = false;
        const r = send(url, { method: 'POST', agent, headers }, (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (c: Buffer) => {
            if (kept < RESPONSE_KEEP) chunks.push(c);
            kept += c.length;
          });
          res.on('end', () =>
            settle(resultOf(res, Buffer.concat(chunks).toString('utf8', 0, RESPONSE_KEEP))),
          );
          res.on('error', failed('response: '));
          // Closed before its end without an error event (the socket went away).
          res.on('close', () => failed('response: ')(new Error('cut off before its end')));
        });
        req = r;
        r.on('error', (e: NodeJS.ErrnoException) => {
          // A kept-alive connection the ERP closed as this request went out (its idle timeout):
          // not the ERP's answer, so not an attempt. Sent again at once, on another connection
          // (the ERP dedupes on the Idempotency-Key should it have got the first one after all).
          const stale = r.reusedSocket && !answered && !timedOut && STALE_SOCKET.has(e.code ?? '');
          if (stale && !settled) post();
          else failed('')(e);
        });
        r.end(body);
      };
      // The whole exchange, not just a silence: an ERP that trickles its answer (a byte now and then,
      // or a body without end) would otherwise hold the delivery slot forever.
      const deadline = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('deadline'));
      }, ms);
      post();
    });
  }

  return {
    name: options.name,
    deliver,
    close: async () => agent.destroy(),
  };
}

function resultOf(res: http.IncomingMessage, response: string): DeliveryResult {
  const status = res.statusCode ?? 0;
  const outcome = outcomeOfStatus(status);
  const retryAfter = retryAfterMs(res.headers['retry-after']);
  return {
    outcome,
    statusCode: status,
    ...(outcome !== 'posted' &&
      outcome !== 'duplicate' && { error: `HTTP ${status} ${res.statusMessage ?? ''}`.trim() }),
    ...(response !== '' && { response }),
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  };
}

/** Retry-After as seconds or an HTTP date. */
function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
