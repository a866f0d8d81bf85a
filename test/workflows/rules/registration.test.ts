import { describe, expect, it } from 'vitest';
import {
  oneDayShort,
  registrationInForce,
  registrationPeriod,
  registrationSpan,
  renewalOf,
  spansOverlap,
} from '../../../workflows/rules/registration';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('registration spans (登记)', () => {
  it('takes both dates as given', () => {
    expect(registrationSpan({ registeredOn: d('2024-03-15'), expiresOn: d('2027-03-15') })).toEqual(
      { registeredOn: d('2024-03-15'), expiresOn: d('2027-03-15') },
    );
  });

  it('derives the missing date from the period length rule', () => {
    expect(registrationSpan({ registeredOn: d('2024-03-15') })).toEqual({
      registeredOn: d('2024-03-15'),
      expiresOn: d('2027-03-15'),
    });
    expect(registrationSpan({ expiresOn: d('2027-06-30') })).toEqual({
      registeredOn: d('2024-06-30'),
      expiresOn: d('2027-06-30'),
    });
    expect(registrationSpan({ registeredOn: d('2024-01-10') }, { periodYears: 5 })).toEqual({
      registeredOn: d('2024-01-10'),
      expiresOn: d('2029-01-10'),
    });
  });

  it('refuses an expiry not after the registration, and nothing at all', () => {
    const r = registrationSpan({ registeredOn: d('2024-03-15'), expiresOn: d('2024-03-15') });
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toContain('2024-03-15');
    expect(registrationSpan({})).toHaveProperty('error');
  });

  it('renews into the next period of the same length', () => {
    expect(renewalOf({ registeredOn: d('2021-03-15'), expiresOn: d('2024-03-15') })).toEqual({
      registeredOn: d('2024-03-15'),
      expiresOn: d('2027-03-15'),
    });
  });

  it('finds the registration in force, none once lapsed', () => {
    const a = { registeredOn: d('2018-05-01'), expiresOn: d('2021-05-01') };
    const b = { registeredOn: d('2021-05-01'), expiresOn: d('2024-05-01') };
    expect(registrationInForce([b, a], d('2020-01-01'))).toBe(a);
    expect(registrationInForce([a, b], d('2021-05-01'))).toBe(b);
    expect(registrationInForce([a, b], d('2024-05-01'))).toBeUndefined();
    expect(registrationInForce([a], d('2017-01-01'))).toBeUndefined();
  });

  it('tells overlapping spans from adjacent ones', () => {
    const a = { registeredOn: d('2018-05-01'), expiresOn: d('2021-05-01') };
    expect(spansOverlap(a, { registeredOn: d('2021-05-01'), expiresOn: d('2024-05-01') })).toBe(
      false,
    );
    expect(spansOverlap(a, { registeredOn: d('2020-05-01'), expiresOn: d('2023-05-01') })).toBe(
      true,
    );
  });

  it('opens the CE period of the registration, renewal window three months before expiry', () => {
    expect(
      registrationPeriod({ registeredOn: d('2024-06-15'), expiresOn: d('2027-06-15') }),
    ).toEqual({ start: d('2024-06-15'), end: d('2027-06-15'), renewalOpens: d('2027-03-15') });
  });

  it("knows the old roster import's shape: the period less a day, 29 February either way", () => {
    const short = (a: string, b: string) => oneDayShort({ registeredOn: d(a), expiresOn: d(b) });
    expect(short('2024-07-01', '2027-06-30')).toBe(true);
    expect(short('2024-07-01', '2027-07-01')).toBe(false); // as recorded now
    expect(short('2024-07-01', '2027-06-29')).toBe(false);
    // The old rule clamped 29 February to the 28th; today's rolls it to 1 March.
    expect(short('2024-02-29', '2027-02-27')).toBe(true);
    expect(short('2024-02-29', '2027-02-28')).toBe(true);
    expect(
      oneDayShort(
        { registeredOn: d('2024-01-01'), expiresOn: d('2028-12-31') },
        { periodYears: 5 },
      ),
    ).toBe(true);
  });
});
