import { hlStructures } from '../../../translators/x12/schemas/hl-structures';
import { schemaFor, versionSchemas } from '../../../translators/x12/schemas';
import type { SegmentDef, SyntaxRule, Use, VersionSchema } from '../../../translators/x12/schemas/types';

/** Every segment use in a set body, loops flattened. */
function segmentUses(uses: readonly Use[]): { tag: string; max: number }[] {
  return uses.flatMap((u) => (u.kind === 'segment' ? [{ tag: u.tag, max: u.max }] : segmentUses(u.children)));
}

function loops(uses: readonly Use[]): Extract<Use, { kind: 'loop' }>[] {
  return uses.flatMap((u) => (u.kind === 'loop' ? [u, ...loops(u.children)] : []));
}

function rulesWithin(rules: readonly SyntaxRule[] | undefined, size: number): string[] {
  return (rules ?? [])
    .filter((r) => r.at.length < 2 || r.at.some((p) => !Number.isInteger(p) || p < 1 || p > size))
    .map((r) => `${r.kind}${r.at.join(',')}`);
}

describe.each(versionSchemas.map((s) => [s.version, s] as [string, VersionSchema]))(
  'schema %s',
  (_, schema) => {
    const segments = Object.values(schema.segments);

    it('keys every segment, element and composite by its own id', () => {
      for (const [tag, seg] of Object.entries(schema.segments)) expect(seg.tag).toBe(tag);
      for (const [id, el] of Object.entries(schema.elements)) expect(el.id).toBe(id);
      for (const [id, c] of Object.entries(schema.composites)) expect(c.id).toBe(id);
    });

    it('defines every element a segment refers to', () => {
      const missing = segments.flatMap((s: SegmentDef) =>
        s.elements
          .filter((u) => u.ref !== undefined && !schema.elements[u.ref])
          .map((u) => `${s.tag}:${u.ref}`),
      );
      expect(missing).toEqual([]);
    });

    it('defines every composite a segment refers to, and every component element', () => {
      const missing = segments.flatMap((s) =>
        s.elements
          .filter((u) => u.composite !== undefined && !schema.composites[u.composite])
          .map((u) => `${s.tag}:${u.composite}`),
      );
      expect(missing).toEqual([]);
      const components = Object.values(schema.composites).flatMap((c) =>
        c.components.filter((u) => !schema.elements[u.ref]).map((u) => `${c.id}:${u.ref}`),
      );
      expect(components).toEqual([]);
    });

    it('gives each element use exactly one of ref or composite', () => {
      const bad = segments.flatMap((s) =>
        s.elements
          .map((u, i) => ({ u, i }))
          .filter(({ u }) => (u.ref === undefined) === (u.composite === undefined))
          .map(({ i }) => `${s.tag}${i + 1}`),
      );
      expect(bad).toEqual([]);
    });

    it('keeps syntax-rule positions within the segment or composite', () => {
      const bad = [
        ...segments.flatMap((s) => rulesWithin(s.rules, s.elements.length).map((r) => `${s.tag} ${r}`)),
        ...Object.values(schema.composites).flatMap((c) =>
          rulesWithin(c.rules, c.components.length).map((r) => `${c.id} ${r}`),
        ),
      ];
      expect(bad).toEqual([]);
    });

    it('has min <= max for every element, and positive lengths', () => {
      const bad = Object.values(schema.elements).filter((e) => e.min < 1 || e.min > e.max);
      expect(bad.map((e) => e.id)).toEqual([]);
    });

    it('has no duplicate codes in any code list', () => {
      const dupes = Object.values(schema.elements).flatMap((e) =>
        (e.codes ?? []).filter((c, i, all) => all.indexOf(c) !== i).map((c) => `${e.id}:${c}`),
      );
      expect(dupes).toEqual([]);
    });

    it('keeps coded values within their element length', () => {
      const bad = Object.values(schema.elements).flatMap((e) =>
        (e.codes ?? []).filter((c) => c.length < e.min || c.length > e.max).map((c) => `${e.id}:${c}`),
      );
      expect(bad).toEqual([]);
    });

    it('uses only positive repeat counts', () => {
      const bad = segments.flatMap((s) =>
        s.elements.filter((u) => u.repeat !== undefined && !(u.repeat >= 1)).map(() => s.tag),
      );
      expect(bad).toEqual([]);
    });

    describe.each(Object.keys(schema.sets))('set %s', (id) => {
      const set = schema.sets[id];

      it('is keyed by its id and belongs to this version', () => {
        expect(set.id).toBe(id);
        expect(set.version).toBe(schema.version);
        expect(set.functionalGroup).toMatch(/^[A-Z]{2}$/);
      });

      it('starts with ST and ends with SE, both mandatory and single', () => {
        const first = set.body[0];
        const last = set.body[set.body.length - 1];
        expect(first).toMatchObject({ kind: 'segment', tag: 'ST', req: 'M', max: 1 });
        expect(last).toMatchObject({ kind: 'segment', tag: 'SE', req: 'M', max: 1 });
      });

      it('uses only defined segments', () => {
        const missing = segmentUses(set.body).filter((u) => !schema.segments[u.tag]);
        expect(missing.map((u) => u.tag)).toEqual([]);
      });

      it('starts every loop with a segment, named as the loop', () => {
        for (const loop of loops(set.body)) {
          const first = loop.children[0];
          expect(first?.kind).toBe('segment');
          if (first?.kind === 'segment') expect(first.tag).toBe(loop.id);
        }
      });

      it('has max use and loop repeats of at least 1', () => {
        expect(segmentUses(set.body).filter((u) => !(u.max >= 1))).toEqual([]);
        expect(loops(set.body).filter((l) => !(l.max >= 1))).toEqual([]);
      });
    });
  },
);

describe('schemaFor', () => {
  it.each(['004010', '004010VICS', '004030', '004060', '004010X098A1', ' 004010 '])(
    'maps %p to 004010',
    (v) => {
      expect(schemaFor(v)?.version).toBe('004010');
    },
  );

  it.each(['005010', '005010X231A1', '005010X230', '005010X220A1'])('maps %p to 005010', (v) => {
    expect(schemaFor(v)?.version).toBe('005010');
  });

  it.each(['003010', '006020', '', 'X12'])('has no schema for %p', (v) => {
    expect(schemaFor(v)).toBeUndefined();
  });

  it('lists both version families', () => {
    expect(versionSchemas.map((s) => s.version)).toEqual(['004010', '005010']);
  });
});

describe('version contents', () => {
  const [v4010, v5010] = versionSchemas;

  it('has 850, 856, 810 and 997 in both versions and 999 only in 005010', () => {
    expect(Object.keys(v4010.sets).sort()).toEqual(['810', '850', '856', '997']);
    expect(Object.keys(v5010.sets).sort()).toEqual(['810', '850', '856', '997', '999']);
  });

  it('gives 005010 its repetition separator and repeating CTX01', () => {
    expect(v5010.segments.ISA.elements[10]).toMatchObject({ ref: 'I65' });
    expect(v4010.segments.ISA.elements[10]).toMatchObject({ ref: 'I10' });
    expect(v5010.segments.CTX.elements[0]).toMatchObject({ composite: 'C998', repeat: 10 });
  });

  it('checks the acknowledgment codes used in 997 and 999', () => {
    expect(v4010.elements['717'].codes).toEqual(expect.arrayContaining(['A', 'E', 'R']));
    expect(v5010.elements['621'].codes).toEqual(expect.arrayContaining(['1', '7', 'I10']));
    expect(v4010.elements['723'].codes).not.toContain('12');
    expect(v5010.elements['723'].codes).toContain('12');
  });

  it('knows the common units of measure', () => {
    for (const uom of [
      'EA',
      'CA',
      'CS',
      'PK',
      'BX',
      'PL',
      'LB',
      'KG',
      'DZ',
      'PR',
      'FT',
      'IN',
      'GA',
      'RL',
      'UN',
    ]) {
      expect(v4010.elements['355'].codes).toContain(uom);
    }
  });
});

describe('hlStructures', () => {
  const v4010 = versionSchemas[0];

  it('maps known BSN05 codes to known HL03 levels, shipment first', () => {
    for (const [code, levels] of Object.entries(hlStructures)) {
      expect(v4010.elements['1005'].codes).toContain(code);
      expect(levels[0]).toBe('S');
      for (const level of levels) expect(v4010.elements['735'].codes).toContain(level);
      expect(new Set(levels).size).toBe(levels.length);
    }
  });

  it('orders 0001 as shipment, order, pack, item', () => {
    expect(hlStructures['0001']).toEqual(['S', 'O', 'P', 'I']);
  });
});
