// Partners: health from the database (last file, 24 h counts, overdue acks, outbound delivery)
// merged with what the profile says (name, role, transports, ack window).
import type { FastifyInstance } from 'fastify';
import type { PartnerProfile } from '../../config/profile-schema';
import { DEFAULT_ACK_MINUTES, type PartnerHealthRow } from '../../store/ops-queries';
import type { ApiContext } from '../context';
import { apiError } from '../errors';
import { object, partnerSchema, withErrors } from '../schemas';

/** GET /partners, GET /partners/:id. */
export function partnerRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/partners',
    {
      config: {
        role: 'viewer',
        tag: 'partners',
        summary: 'Every partner with its health: last file, files and errors in 24 h, overdue acks, outbound',
      },
      schema: {
        response: withErrors({ 200: object({ items: { type: 'array', items: partnerSchema } }) }),
      },
    },
    async () => ({ items: await partnerHealth(ctx) }),
  );

  app.get<{ Params: { id: string } }>(
    '/partners/:id',
    {
      config: { role: 'viewer', tag: 'partners', summary: "One partner's health" },
      schema: {
        params: object({ id: { type: 'string', minLength: 1, maxLength: 100 } }),
        response: withErrors({ 200: partnerSchema }, 404),
      },
    },
    async (request) => {
      const found = (await partnerHealth(ctx)).find((p) => p.id === request.params.id);
      if (!found) throw apiError('DS_API_NOT_FOUND', `no partner ${request.params.id}`);
      return found;
    },
  );
}

/** The health rows of every partner (profiles and partners with files), by id. */
export async function partnerHealth(ctx: Pick<ApiContext, 'store' | 'profiles'>) {
  const profiles = ctx.profiles.all();
  const rows = await ctx.store.queries.partnerHealth(ackWindows(profiles));
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return rows.map((row) => describe(row, byId.get(row.partnerId)));
}

/** The ack window of each profile. */
export function ackWindows(profiles: readonly PartnerProfile[]) {
  return profiles.map((p) => ({ id: p.id, expectAckWithinMinutes: p.acks.expectWithinMinutes }));
}

function describe(row: PartnerHealthRow, profile: PartnerProfile | undefined) {
  const { partnerId, ...health } = row;
  return {
    id: partnerId,
    name: profile?.name ?? null,
    role: profile?.role ?? null,
    configured: profile !== undefined,
    transports: profile?.transports.map((t) => t.type) ?? [],
    connector: profile?.erp.connector ?? null,
    expectAckWithinMinutes: profile?.acks.expectWithinMinutes ?? DEFAULT_ACK_MINUTES,
    ...health,
  };
}
