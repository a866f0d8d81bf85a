import { describe, expect, it } from 'vitest';
import { addCounts, emptyCounts, judgeRate, rate, rollUp } from '../../../store/registry/reports';

const org = (id: string, parentId: string | null, path: string) => ({
  id,
  name: id,
  kind: 'unit',
  parentId,
  path,
});

describe('registry report rules', () => {
  it('rolls per-unit figures up to the root and its direct children', () => {
    const orgs = [
      org('d', null, '/d/'),
      org('s1', 'd', '/d/s1/'),
      org('u1', 's1', '/d/s1/u1/'),
      org('s2', 'd', '/d/s2/'),
    ];
    const per = new Map([
      ['d', 1],
      ['s1', 2],
      ['u1', 4],
      ['s2', 8],
    ]);
    const { total, children } = rollUp(
      orgs,
      orgs[0]!,
      per,
      () => 0,
      (a, b) => a + b,
    );
    expect(total.value).toBe(15);
    expect(children.map((c) => [c.id, c.value])).toEqual([
      ['s1', 6],
      ['s2', 8],
    ]);
    const sub = rollUp(
      orgs,
      orgs[1]!,
      per,
      () => 0,
      (a, b) => a + b,
    );
    expect(sub.total.value).toBe(6);
    expect(sub.children.map((c) => [c.id, c.value])).toEqual([['u1', 4]]);
  });

  it('adds counts field by field', () => {
    const a = emptyCounts();
    a.people = 2;
    a.byRole.volunteer = 2;
    a.byLevel.social_worker = 1;
    const b = emptyCounts();
    b.people = 3;
    b.byRole.volunteer = 1;
    b.byRole.supervisor = 2;
    b.specialties.mental_health = 1;
    const sum = addCounts(addCounts(emptyCounts(), a), b);
    expect(sum.people).toBe(5);
    expect(sum.byRole).toEqual({ volunteer: 3, supervisor: 2 });
    expect(sum.byLevel.social_worker).toBe(1);
    expect(sum.specialties).toEqual({ mental_health: 1 });
  });

  it('judges a rate and its change against targets', () => {
    expect(rate(0, 0)).toBe(0);
    const v = judgeRate(0.412, { rate: 0.349, since: '2024-01-01' }, { change: 6 });
    expect(v.change).toBeCloseTo(6.3);
    expect(v.met).toBe(true);
    expect(v.summary).toBe('持证率 41.2%，较 2024-01-01 +6.3 个百分点，目标 +6.0 个百分点，已达成');
    expect(v.summaryEn).toBe(
      'certification rate 41.2%, +6.3 points since 2024-01-01, target +6.0 points, target met',
    );
    const missed = judgeRate(0.5, undefined, { rate: 60 });
    expect(missed.met).toBe(false);
    expect(missed.summary).toBe('持证率 50.0%，目标 60.0%，未达成');
    expect(judgeRate(0.5).met).toBeUndefined();
  });
});
