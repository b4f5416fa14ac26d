// 856 hierarchy checks: HL01 counts 1, 2, 3…; HL02 names an earlier HL01; HL03 levels nest in
// the order the BSN05 hierarchical structure code gives (0001 = shipment, order, pack, item).
import { issue, X12Issue } from './issues';
import type { SegmentContext } from './element-validator';
import type { SegmentView } from './segment-view';

export class HlHierarchy {
  private readonly levels = new Map<string, string>();
  private next = 1;
  private order: readonly string[] | undefined;

  constructor(private readonly structures: Readonly<Record<string, readonly string[]>>) {}

  /** BSN05 seen: the level order to enforce. */
  structure(code: string | undefined): void {
    this.order = code ? this.structures[code] : undefined;
  }

  /** Check one HL segment; pushes findings into `out`. */
  check(view: SegmentView, ctx: SegmentContext, out: X12Issue[]): void {
    const id = view.value(1);
    const parent = view.value(2);
    const level = view.value(3);
    const bad = (element: number, value: string, detail: string) =>
      out.push(
        issue(
          'DS_X12_HL_INVALID',
          { ...pos(ctx), tag: 'HL', element },
          {
            value,
            detail,
            elementRef: ['628', '734', '735'][element - 1],
          },
        ),
      );
    if (id !== '' && Number(id) !== this.next) bad(1, id, `HL01 must be ${this.next}`);
    this.next = (Number(id) || this.next) + 1;
    if (parent !== '') {
      const parentLevel = this.levels.get(parent);
      if (parentLevel === undefined) bad(2, parent, 'HL02 must name an earlier HL01');
      else if (this.order && level !== '') {
        const child = this.order.indexOf(level);
        const above = this.order.indexOf(parentLevel);
        if (child !== -1 && above !== -1 && child <= above) {
          bad(
            3,
            level,
            `level ${level} cannot be under level ${parentLevel} in structure ${this.order.join('')}`,
          );
        }
      }
    }
    if (id !== '') this.levels.set(id, level);
  }
}

function pos(ctx: SegmentContext) {
  return { offset: ctx.offset, line: ctx.line, segment: ctx.position };
}
