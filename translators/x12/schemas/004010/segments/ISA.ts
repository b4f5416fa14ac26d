import type { SegmentDef } from '../../types';

/** ISA Interchange Control Header (004010). */
export const ISA: SegmentDef = {
  tag: 'ISA',
  name: 'Interchange Control Header',
  elements: [
    { ref: 'I01', req: 'M' },
    { ref: 'I02', req: 'M' },
    { ref: 'I03', req: 'M' },
    { ref: 'I04', req: 'M' },
    { ref: 'I05', req: 'M' },
    { ref: 'I06', req: 'M' },
    { ref: 'I05', req: 'M' },
    { ref: 'I07', req: 'M' },
    { ref: 'I08', req: 'M' },
    { ref: 'I09', req: 'M' },
    { ref: 'I10', req: 'M' },
    { ref: 'I11', req: 'M' },
    { ref: 'I12', req: 'M' },
    { ref: 'I13', req: 'M' },
    { ref: 'I14', req: 'M' },
    { ref: 'I15', req: 'M' },
  ],
};
