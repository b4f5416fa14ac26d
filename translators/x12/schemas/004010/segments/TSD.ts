import type { SegmentDef } from '../../types';

/** TSD Trailer Shipment Details (004010).
 * TSD02 (Position, AN 1-3) omitted: its data element number could not be confirmed. */
export const TSD: SegmentDef = {
  tag: 'TSD',
  name: 'Trailer Shipment Details',
  elements: [{ ref: '350', req: 'O' }],
};
