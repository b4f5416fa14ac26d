// Loading a mapping from YAML: problems carry file:line:column.
import { formatLoadError, parseMapping } from '../../../translators/mapping/load-mapping';

describe('parseMapping', () => {
  it('returns the defaulted mapping', () => {
    const r = parseMapping(
      'name: t\nformat: csv\neventType: receipt.confirmed\nsubject: id\nfields:\n  id: { from: ID }\n',
      't.yaml',
    );
    expect(r.errors).toBeUndefined();
    expect(r.mapping?.format === 'csv' && r.mapping.csv).toEqual({
      delimiter: ',',
      quote: '"',
      encoding: 'utf-8',
      header: true,
      skipRows: 0,
      maxTrackedGroups: 100000,
    });
  });

  it('points at the offending node', () => {
    const yaml = [
      'name: t',
      'format: csv',
      'eventType: receipt.confirmed',
      'subject: id',
      'fields:',
      '  id: { from: ID }',
      '  lines:',
      '    fields:',
      '      qty: { from: Qty, transforms: [{ decimal: { scale: -1 } }] }',
    ].join('\n');
    const r = parseMapping(yaml, 'partners/mappings/t.yaml');
    expect(r.errors).toHaveLength(1);
    expect(formatLoadError(r.errors![0])).toMatch(
      /^partners\/mappings\/t\.yaml:9:\d+: fields\.lines\.fields\.qty\.transforms\.0\.decimal\.scale: /,
    );
  });

  it('reports YAML syntax errors and duplicate keys with positions', () => {
    const r = parseMapping('name: t\nname: u\nfields: [\n', 'bad.yaml');
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.errors?.every((e) => e.file === 'bad.yaml' && e.line >= 1 && e.column >= 1)).toBe(true);
  });

  it('points at the mapping root when a required key is missing', () => {
    const r = parseMapping('name: t\nformat: xml\n', 'x.yaml');
    expect(r.errors?.map((e) => e.line)).toEqual(expect.arrayContaining([1]));
  });
});
