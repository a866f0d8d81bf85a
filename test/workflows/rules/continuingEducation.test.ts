import { describe, expect, it } from 'vitest';
import { ceCheckpointDue, ceCheckpoints } from '../../../workflows/rules/ceCalendar';
import {
  ceHoursProblem,
  ceStanding,
  DEFAULT_CE_RULES,
  periodOf,
  requiredTenthsOf,
} from '../../../workflows/rules/continuingEducation';

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const day = (x: Date) => x.toISOString().slice(0, 10);

describe('continuing-education periods and standing', () => {
  it('a period is 3 years from registration; renewal opens 3 months before it ends', () => {
    const p = periodOf(d('2024-06-15'), d('2025-01-01'));
    expect([day(p.start), day(p.end), day(p.renewalOpens)]).toEqual([
      '2024-06-15',
      '2027-06-15',
      '2027-03-15',
    ]);
    expect(day(periodOf(d('2024-06-15'), d('2027-06-15')).start)).toBe('2027-06-15');
  });

  it('assistant social workers need 72 hours, social workers 90', () => {
    const p = periodOf(d('2024-01-01'), d('2024-01-01'));
    expect(ceStanding('assistant_social_worker', 720, p, d('2025-01-01')).standing).toBe(
      'compliant',
    );
    expect(ceStanding('social_worker', 720, p, d('2025-01-01')).requiredTenths).toBe(900);
  });

  it('on track at pro-rata, behind below it, overdue after the period', () => {
    const p = periodOf(d('2024-01-01'), d('2024-01-01'));
    const third = d('2025-01-01'); // about one third of the way
    const { proRataTenths } = ceStanding('social_worker', 0, p, third);
    expect(proRataTenths).toBeGreaterThan(290);
    expect(proRataTenths).toBeLessThan(310);
    expect(ceStanding('social_worker', proRataTenths, p, third).standing).toBe('on_track');
    expect(ceStanding('social_worker', proRataTenths - 1, p, third).standing).toBe('behind');
    expect(ceStanding('social_worker', 899, p, d('2027-01-01')).standing).toBe('overdue');
  });

  it('refuses a date before the registration', () => {
    expect(() => periodOf(d('2024-01-01'), d('2023-12-31'))).toThrow(
      '该日期早于登记日期 / the date is before the registration',
    );
  });

  it("a district's level counts the hours its rules give", () => {
    const rules = {
      ...DEFAULT_CE_RULES,
      requiredTenths: { ...DEFAULT_CE_RULES.requiredTenths, correction_social_worker: 600 },
    };
    const p = periodOf(d('2024-01-01'), d('2024-01-01'), rules);
    const third = d('2025-01-01');
    const s = ceStanding('correction_social_worker', 0, p, third, rules);
    expect(s.requiredTenths).toBe(600);
    expect(s.proRataTenths).toBeGreaterThan(190);
    expect(s.proRataTenths).toBeLessThan(210);
    expect(s.standing).toBe('behind');
    expect(ceStanding('correction_social_worker', 600, p, third, rules).standing).toBe('compliant');
    expect(ceStanding('correction_social_worker', 599, p, d('2027-01-02'), rules).standing).toBe(
      'overdue',
    );
    // The calendar asks the same hours: a pace check is due only while behind.
    const pace = ceCheckpoints(p, null, 'Asia/Shanghai', d('2024-01-01'), rules)[0]!;
    expect(pace.kind).toBe('pace');
    expect(ceCheckpointDue(pace, 'correction_social_worker', 0, p, rules)).toBe(true);
    expect(ceCheckpointDue(pace, 'correction_social_worker', 600, p, rules)).toBe(false);
  });

  it('a level with no hours known is refused by name, never NaN', () => {
    const p = periodOf(d('2024-01-01'), d('2024-01-01'));
    const why =
      /证书等级 antidrug_social_worker 没有继续教育学时.*certificate level antidrug_social_worker has no CE hours known/;
    expect(() => ceStanding('antidrug_social_worker', 0, p, d('2025-01-01'))).toThrow(why);
    expect(() => requiredTenthsOf('antidrug_social_worker', DEFAULT_CE_RULES)).toThrow(why);
    expect(ceHoursProblem('antidrug_social_worker', DEFAULT_CE_RULES)).toMatch(why);
    expect(ceHoursProblem('social_worker', DEFAULT_CE_RULES)).toBeUndefined();
    // Zero hours is a requirement met at once, not an unknown.
    const none = { requiredTenths: { volunteer: 0 } };
    expect(ceHoursProblem('volunteer', none)).toBeUndefined();
    expect(
      ceStanding('volunteer', 0, p, d('2025-01-01'), { ...DEFAULT_CE_RULES, ...none }).standing,
    ).toBe('compliant');
  });
});
