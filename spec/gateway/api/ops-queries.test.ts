// OpsQueries on both backends: overdue acknowledgements (what a partner owes us) and the stats
// that depend on time, with `now` moved instead of waiting.
import { makeEvent } from '../../../canonical/cloudevent';
import { BACKENDS, useTestDatabase } from '../store/support/backends';

jest.setTimeout(60_000);

const MINUTE = 60_000;

describe.each(BACKENDS)('OpsQueries on $backend', ({ backend, skip }) => {
  const maybe = skip ? it.skip : it;
  const t = useTestDatabase(backend, skip);

  maybe('counts an 856/810 as overdue once its window passed without an acknowledgement', async () => {
    const asn = await t.store.enqueueOutbound({ partnerId: 'acme', kind: '856', content: 'ISA*856~' });
    await t.store.markOutboundDelivered(asn.id, 'ASN_1.x12');
    const invoice = await t.store.enqueueOutbound({ partnerId: 'summit', kind: '810', content: 'ISA*810~' });
    await t.store.markOutboundDelivered(invoice.id, 'INV_1.x12');
    // A 997 we sent is never "owed" back.
    const ack = await t.store.enqueueOutbound({ partnerId: 'acme', kind: '997', content: 'ISA*997~' });
    await t.store.markOutboundDelivered(ack.id, '997_1.x12');
    const windows = [
      { id: 'acme', expectAckWithinMinutes: 60 },
      { id: 'summit', expectAckWithinMinutes: 600 },
    ];
    const at = (minutes: number) => new Date(Date.now() + minutes * MINUTE);
    const overdue = async (minutes: number) =>
      Object.fromEntries(
        (await t.store.queries.partnerHealth(windows, at(minutes))).map((p) => [p.partnerId, p.overdueAcks]),
      );

    expect(await overdue(30)).toEqual({ acme: 0, summit: 0 });
    expect(await overdue(120)).toEqual({ acme: 1, summit: 0 });
    expect(await overdue(700)).toEqual({ acme: 1, summit: 1 });
    expect((await t.store.queries.stats(windows, at(700))).overdueAcks).toBe(2);
    // A partner without a profile gets the default window (1440 minutes).
    expect(
      (await t.store.queries.partnerHealth([], at(700))).find((p) => p.partnerId === 'acme'),
    ).toBeUndefined();
    expect((await t.store.queries.stats([], at(1500))).overdueAcks).toBe(2);

    // Acme's 997 arrives: its document is no longer overdue.
    await t.store.enqueueEvents([
      makeEvent({
        type: 'acknowledgement.received',
        partnerId: 'acme',
        subject: '997-1',
        time: new Date().toISOString(),
        sourceFormat: 'x12-997-004010',
        idParts: ['acme', 'ack', '1'],
        data: { ackType: '997', groupControlNumber: '1', status: 'accepted', sets: [] },
      }),
    ]);
    expect(await overdue(700)).toEqual({ acme: 0, summit: 1 });
    const acme = (await t.store.queries.partnerHealth(windows, at(700))).find((p) => p.partnerId === 'acme');
    expect(acme?.outbound).toMatchObject({ pending: 0, failed: 0, lastDeliveredAt: expect.any(Date) });
  });

  maybe('reports the oldest waiting event and queue depth for the gauges', async () => {
    const g = await t.store.queries.queueGauges(new Date(Date.now() + 10 * MINUTE));
    expect(g.depth).toEqual({ queued: 1, delivering: 0, failed: 0 });
    expect(g.oldestAgeSeconds).toBeGreaterThanOrEqual(590);
  });
});
