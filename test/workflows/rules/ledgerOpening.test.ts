import { describe, expect, it } from 'vitest';
import { ceCheckpoints } from '../../../workflows/rules/ceCalendar';
import {
  ledgerOpensAt,
  OPENING_LEAD_MS,
  OPENING_SPREAD_MS,
  openingSpreadMs,
} from '../../../workflows/rules/ledgerOpening';
import { registrationPeriod } from '../../../workflows/rules/registration';

const d = (iso: string) => new Date(iso);
const zone = { quietHours: null, timeZone: 'Asia/Shanghai' };

describe('ledgerOpensAt', () => {
  it('opens the day (and the person’s spread) before the first checkpoint still ahead', () => {
    const registration = { registeredOn: d('2025-03-01'), expiresOn: d('2028-03-01') };
    const now = d('2026-12-01T10:00:00Z');
    const at = ledgerOpensAt({ personId: 'p-000001', registration, now, ...zone });
    const first = ceCheckpoints(registrationPeriod(registration), null, zone.timeZone, now)[0]!;
    // 2025-03-01 + 2/3 of three years: the second pace check, in 2027.
    expect(first.label).toBe('pace-2');
    expect(first.at > now).toBe(true);
    const before = first.at.getTime() - at.getTime();
    expect(before).toBeGreaterThanOrEqual(OPENING_LEAD_MS);
    expect(before).toBeLessThan(OPENING_LEAD_MS + OPENING_SPREAD_MS);
    expect(before).toBe(OPENING_LEAD_MS + openingSpreadMs('p-000001'));
  });

  it('a registration that begins later opens on its first day', () => {
    const registration = { registeredOn: d('2027-01-01'), expiresOn: d('2030-01-01') };
    const now = d('2026-12-01T10:00:00Z');
    expect(ledgerOpensAt({ personId: 'p-1', registration, now, ...zone })).toEqual(d('2027-01-01'));
  });

  it('never before now: a checkpoint within the lead opens at once, as does a period that is over', () => {
    const now = d('2026-12-01T10:00:00Z');
    // The end falls tomorrow: every other checkpoint is behind.
    const near = { registeredOn: d('2023-12-02'), expiresOn: d('2026-12-02') };
    expect(ledgerOpensAt({ personId: 'p-1', registration: near, now, ...zone })).toEqual(now);
    const over = { registeredOn: d('2023-01-01'), expiresOn: d('2026-01-01') };
    expect(ledgerOpensAt({ personId: 'p-1', registration: over, now, ...zone })).toEqual(now);
  });

  it('spreads a cohort registered on one day over half a day, the same for a person every time', () => {
    const spreads = Array.from({ length: 1000 }, (_, i) => openingSpreadMs(`p-${i}`));
    expect(Math.min(...spreads)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...spreads)).toBeLessThan(OPENING_SPREAD_MS);
    // Spread out: no hour of the twelve holds more than a fifth of them.
    const hours = new Map<number, number>();
    for (const s of spreads)
      hours.set(Math.floor(s / 3_600_000), (hours.get(Math.floor(s / 3_600_000)) ?? 0) + 1);
    expect(hours.size).toBe(12);
    expect(Math.max(...hours.values())).toBeLessThan(200);
    expect(openingSpreadMs('p-42')).toBe(openingSpreadMs('p-42'));
  });
});
