import { describe, expect, it } from 'vitest';
import { ceStanding, periodOf } from '../../../workflows/rules/continuingEducation';

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
});
