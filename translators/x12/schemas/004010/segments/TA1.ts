import type { SegmentDef } from '../../types';

/** TA1 Interchange Acknowledgment (004010). */
export const TA1: SegmentDef = {
  tag: 'TA1',
  name: 'Interchange Acknowledgment',
  elements: [
    { ref: 'I12', req: 'M' },
    { ref: 'I08', req: 'M' },
    { ref: 'I09', req: 'M' },
    { ref: 'I17', req: 'M' },
    { ref: 'I18', req: 'M' },
  ],
};
