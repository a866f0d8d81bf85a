import { describe, expect, it } from 'vitest';
import { assignSprintClass, planWaves, type SprintClass } from '../../../workflows/rules/examWaves';
import { DEFAULT_QUIET_HOURS } from '../../../workflows/rules/quietHours';
import { formatLocal, zonedInstant } from '../../../workflows/rules/zonedTime';

const SH = 'Asia/Shanghai';
const at = (mo: number, d: number, h: number) =>
  zonedInstant({ year: 2025, month: mo, day: d, hour: h, minute: 0, second: 0 }, SH);

describe('campaign waves', () => {
  const input = {
    windowCloses: at(3, 31, 17).toISOString(),
    examDates: [at(5, 24, 9), at(5, 24, 14), at(5, 25, 9)].map((d) => d.toISOString()),
    reminderOffsets: ['14d', '7d', '1d'],
    timeZone: SH,
    quietHours: DEFAULT_QUIET_HOURS,
  };

  it('plans 2025 reminders, the window close and one reminder before each exam day', () => {
    const waves = planWaves(input, at(3, 10, 9));
    expect(waves.map((w) => [w.wave, formatLocal(new Date(w.at), SH), w.statuses[0]])).toEqual([
      ['reminder-1', '2025-03-17 17:00', 'invited'],
      ['reminder-2', '2025-03-24 17:00', 'invited'],
      ['reminder-3', '2025-03-30 17:00', 'invited'],
      ['window-close', '2025-03-31 17:00', 'invited'],
      ['exam-day-1', '2025-05-23 09:00', 'registered'],
      ['exam-day-2', '2025-05-24 09:00', 'registered'],
    ]);
    expect(waves.find((w) => w.wave === 'window-close')!.template).toBeUndefined();
  });

  it('leaves out what is already past', () => {
    expect(planWaves(input, at(3, 25, 9)).map((w) => w.wave)).toEqual([
      'reminder-1',
      'window-close',
      'exam-day-1',
      'exam-day-2',
    ]);
    expect(planWaves(input, at(6, 1, 9))).toEqual([]);
  });
});

describe('sprint class seating', () => {
  const classes: SprintClass[] = [
    { seriesId: 'open', capacity: 2 },
    { seriesId: 'huamu', capacity: 1, unitId: 'pudong.huamu' },
    { seriesId: 'huamu-c1', capacity: 1, unitId: 'pudong.huamu.c1' },
    { seriesId: 'zhangjiang', capacity: 5, unitId: 'pudong.zhangjiang' },
  ];
  const c1 = ['pudong', 'pudong.huamu', 'pudong.huamu.c1'];

  it('seats a person in the nearest unit class with a seat', () => {
    expect(assignSprintClass(classes, c1, {})).toEqual({ seriesId: 'huamu-c1', waitlisted: false });
  });

  it('overflows to the street class, then the open class, then the waitlist of the own class', () => {
    expect(assignSprintClass(classes, c1, { 'huamu-c1': 1 })).toEqual({
      seriesId: 'huamu',
      waitlisted: false,
    });
    expect(assignSprintClass(classes, c1, { 'huamu-c1': 1, huamu: 1, open: 1 })).toEqual({
      seriesId: 'open',
      waitlisted: false,
    });
    expect(assignSprintClass(classes, c1, { 'huamu-c1': 1, huamu: 1, open: 2 })).toEqual({
      seriesId: 'huamu-c1',
      waitlisted: true,
    });
  });

  it('never seats a person in another unit class, and has no class when none fits', () => {
    const other = ['pudong', 'pudong.tangqiao'];
    expect(assignSprintClass(classes, other, { open: 2 })).toEqual({
      seriesId: 'open',
      waitlisted: true,
    });
    expect(assignSprintClass(classes.slice(1), other, {})).toBeNull();
  });
});
