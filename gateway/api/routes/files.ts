// Files: the filtered list, the detail page's data, the raw bytes, and reprocess.
import { fileDetailWithDelivery } from '../details';
import type { FastifyInstance } from 'fastify';
import type { FileState } from '../../store';
import type { ApiContext } from '../context';
import { apiError } from '../errors';
import {
  fileDetailSchema,
  fileSchema,
  fileStateSchema,
  idParams,
  object,
  pageQuery,
  pageSchema,
  withErrors,
} from '../schemas';

interface FileListQuery {
  partner?: string;
  state?: FileState;
  transport?: string;
  receivedFrom?: string;
  receivedTo?: string;
  businessNumber?: string;
  controlNumber?: string;
  name?: string;
  cursor?: string;
  limit?: number;
}

const short = { type: 'string', minLength: 1, maxLength: 200 };

/** GET /files, GET /files/:id, GET /files/:id/raw, POST /files/:id/reprocess. */
export function fileRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: FileListQuery }>(
    '/files',
    {
      config: {
        role: 'viewer',
        tag: 'files',
        summary: 'Files received, newest first, filtered; cursor-paged',
      },
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            partner: { ...short, description: 'partner id' },
            state: fileStateSchema,
            transport: { ...short, description: 'sftp, poll, dropzone, as2, http…' },
            receivedFrom: { type: 'string', format: 'date-time', description: 'received at or after' },
            receivedTo: { type: 'string', format: 'date-time', description: 'received before' },
            businessNumber: { ...short, description: 'PO, shipment or invoice number (an event subject)' },
            controlNumber: { ...short, description: 'ISA13, GS06 or ST02 control number' },
            name: { ...short, description: 'part of the file name' },
            ...pageQuery,
          },
        },
        response: withErrors({ 200: pageSchema(fileSchema) }),
      },
    },
    async (request) => {
      const q = request.query;
      return ctx.store.queries.listFiles({
        ...(q.partner !== undefined && { partnerId: q.partner }),
        ...(q.state !== undefined && { state: q.state }),
        ...(q.transport !== undefined && { transport: q.transport }),
        ...(q.receivedFrom !== undefined && { receivedFrom: new Date(q.receivedFrom) }),
        ...(q.receivedTo !== undefined && { receivedTo: new Date(q.receivedTo) }),
        ...(q.businessNumber !== undefined && { businessNumber: q.businessNumber }),
        ...(q.controlNumber !== undefined && { controlNumber: q.controlNumber }),
        ...(q.name !== undefined && { name: q.name }),
        ...(q.cursor !== undefined && { cursor: q.cursor }),
        ...(q.limit !== undefined && { limit: q.limit }),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/files/:id',
    {
      config: {
        role: 'viewer',
        tag: 'files',
        summary: 'A file with its transactions, errors, events, delivery attempts, acks and audit trail',
      },
      schema: { params: idParams, response: withErrors({ 200: fileDetailSchema }, 404) },
    },
    async (request) => {
      const detail = await fileDetailWithDelivery(ctx.store, request.params.id);
      if (!detail) throw apiError('DS_API_NOT_FOUND', `no file ${request.params.id}`);
      return detail;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/files/:id/raw',
    {
      config: {
        role: 'viewer',
        tag: 'files',
        summary: "The file's bytes as received (attachment)",
        produces: 'application/octet-stream',
      },
      schema: { params: idParams, response: withErrors({}, 404) },
    },
    async (request, reply) => {
      const file = await ctx.store.getFile(request.params.id);
      if (!file) throw apiError('DS_API_NOT_FOUND', `no file ${request.params.id}`);
      const stream = await ctx.store.blobs.openBlob(file.sha256);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', contentDisposition(file.name))
        .header('content-length', String(file.size))
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/files/:id/replay',
    {
      config: {
        role: 'operator',
        audit: { action: 'file.replay', subject: (p) => `file:${p.id}` },
        tag: 'files',
        summary: 'Queue every event of the file again, posted ones included (same ids: the ERP dedupes)',
      },
      schema: {
        params: idParams,
        response: withErrors({ 200: object({ replayed: { type: 'integer' } }) }, 404, 422, 503),
      },
    },
    async (request) => {
      const id = request.params.id;
      const filter = { fileId: id, states: ['posted', 'failed', 'dead'] as const };
      return ctx.audited(request, { filter }, async (actor) => {
        if (!(await ctx.store.getFile(id))) throw apiError('DS_API_NOT_FOUND', `no file ${id}`);
        return ctx.actions.replayEvents(filter, actor);
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/files/:id/reprocess',
    {
      config: {
        role: 'operator',
        audit: { action: 'file.reprocess', subject: (p) => `file:${p.id}` },
        tag: 'files',
        summary: "Translate a stored file again with today's profiles; events keep their ids",
      },
      schema: {
        params: idParams,
        response: withErrors(
          {
            200: object({
              fileId: { type: 'string' },
              state: { type: 'string' },
              queued: { type: 'integer' },
              refreshed: { type: 'integer' },
              alreadyQueued: { type: 'integer' },
            }),
          },
          404,
          409,
          422,
          503,
        ),
      },
    },
    async (request) => {
      const id = request.params.id;
      return ctx.audited(request, {}, (actor) => ctx.actions.reprocessFile(id, actor));
    },
  );
}

// RFC 6266: an ASCII fallback name plus the UTF-8 name; quotes, backslashes and control
// characters never reach the header.
function contentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() || 'file';
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
