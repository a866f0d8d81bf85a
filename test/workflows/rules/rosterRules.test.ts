import { describe, expect, it } from 'vitest';
import {
  certificateDateProblem,
  readPastHours,
  registrationOf,
  registrationProblems,
} from '../../../workflows/rules/rosterRules';
import { lastDayOf, renewalOf } from '../../../workflows/rules/registration';
import { kindFromName } from '../../../workflows/rules/unitKinds';

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('roster rules', () => {
  it('a registration runs three years by default, derived either way; 有效期至 is its last day', () => {
    // 有效期至 2027-06-30: in force through that day, kept as expiring on the day after.
    const fromExpiry = registrationOf({ expiresOn: day('2027-06-30') })!;
    expect(fromExpiry).toEqual({ registeredOn: day('2024-07-01'), expiresOn: day('2027-07-01') });
    expect(lastDayOf(fromExpiry.expiresOn)).toEqual(day('2027-06-30'));
    // The renewal begins the day after 有效期至, as a coordinator's registration of that day does.
    expect(renewalOf(fromExpiry).registeredOn).toEqual(day('2027-07-01'));
    expect(registrationOf({ registeredOn: day('2024-07-01') })).toEqual(fromExpiry);
    expect(registrationOf({ registeredOn: day('2024-07-01') }, 5)?.expiresOn).toEqual(
      day('2029-07-01'),
    );
    expect(
      registrationOf({ registeredOn: day('2024-07-01'), expiresOn: day('2025-12-31') }),
    ).toEqual({ registeredOn: day('2024-07-01'), expiresOn: day('2026-01-01') });
    expect(registrationOf({})).toBeUndefined();
  });

  it('certificates before 2008 and expiries before the certificate are refused', () => {
    expect(certificateDateProblem(day('2007-12-31'))).toMatch(/2008/);
    expect(certificateDateProblem(day('2008-06-21'))).toBeUndefined();
    expect(
      registrationProblems({ obtainedOn: day('2020-01-01'), expiresOn: day('2019-12-31') }),
    ).toEqual([{ field: 'registration_expiry', message: expect.stringMatching(/certificate/) }]);
    expect(
      registrationProblems({ obtainedOn: day('2020-01-01'), registeredOn: day('2019-06-01') }),
    ).toEqual([{ field: 'registration_date', message: expect.stringMatching(/certificate/) }]);
    expect(
      registrationProblems({ registeredOn: day('2021-01-01'), expiresOn: day('2020-06-01') })[0]
        ?.field,
    ).toBe('registration_expiry');
    expect(
      registrationProblems({
        obtainedOn: day('2020-01-01'),
        registeredOn: day('2020-05-01'),
        expiresOn: day('2023-04-30'),
      }),
    ).toEqual([]);
  });

  it('past hours: tenths; negative, implausible and unreadable refused', () => {
    expect(readPastHours('120')).toEqual({ ok: true, tenths: 1200 });
    expect(readPastHours('36.5学时')).toEqual({ ok: true, tenths: 365 });
    expect(readPastHours(72)).toEqual({ ok: true, tenths: 720 });
    expect(readPastHours('-4')).toMatchObject({ ok: false, message: /negative/ });
    expect(readPastHours('12000')).toMatchObject({ ok: false, message: /plausible/ });
    expect(readPastHours('很多')).toMatchObject({ ok: false });
    expect(readPastHours('1.25')).toMatchObject({ ok: false, message: /decimal/ });
  });

  it("a unit's kind from its name's ending", () => {
    expect(kindFromName('花木街道')).toBe('street');
    expect(kindFromName('川沙新镇')).toBe('township');
    expect(kindFromName('联洋居民区')).toBe('community');
    expect(kindFromName('东明村')).toBe('community');
    expect(kindFromName('乐群社工服务社')).toBe('agency');
    expect(kindFromName('阳光社会工作事务所')).toBe('agency');
    expect(kindFromName('浦东新区')).toBe('district');
    expect(kindFromName('某某公司')).toBeUndefined();
  });
});
