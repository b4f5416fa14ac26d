import type { SegmentDef } from '../../types';

/** DTP Date or Time or Period (004010). */
export const DTP: SegmentDef = {
  tag: 'DTP',
  name: 'Date or Time or Period',
  elements: [
    { ref: '374', req: 'M' },
    { ref: '1250', req: 'M' },
    { ref: '1251', req: 'M' },
  ],
};
