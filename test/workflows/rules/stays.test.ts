import { describe, expect, it } from 'vitest';
import {
  covers,
  lastChange,
  openStay,
  overlaps,
  staysToMerge,
  type Stay,
} from '../../../workflows/rules/stays';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const stay = (unitId: string, from: string | null, to: string | null): Stay => ({
  unitId,
  startedOn: from ? d(from) : null,
  endedOn: to ? d(to) : null,
});

describe('stays', () => {
  it('a stay covers its first day and not its end day; an unknown start covers the past', () => {
    const s = stay('u1', '2025-03-01', '2026-01-01');
    expect(covers(s, d('2025-03-01'))).toBe(true);
    expect(covers(s, d('2025-12-31'))).toBe(true);
    expect(covers(s, d('2026-01-01'))).toBe(false);
    expect(covers(s, d('2025-02-28'))).toBe(false);
    expect(covers(stay('u1', null, null), d('1999-01-01'))).toBe(true);
  });

  it('finds the open stay and the last change', () => {
    const stays = [stay('u1', null, '2025-06-01'), stay('u2', '2025-06-01', null)];
    expect(openStay(stays)?.unitId).toBe('u2');
    expect(lastChange(stays)).toEqual(d('2025-06-01'));
    expect(lastChange([stay('u1', null, null)])).toBeUndefined();
  });

  it('merging keeps the kept record for dates both claim', () => {
    const kept = [stay('u1', '2024-01-01', null)];
    const merged = [stay('u9', '2020-01-01', '2023-06-01'), stay('u8', '2023-06-01', '2024-03-01')];
    expect(overlaps(kept[0]!, merged[1]!)).toBe(true);
    expect(staysToMerge(kept, merged).map((s) => s.unitId)).toEqual(['u9']);
  });
});
