import { describe, expect, it } from 'vitest';
import { programProgress } from '../../../workflows/rules/programProgress';

describe('programProgress', () => {
  it('counts exam journeys past their invitation among all journeys', () => {
    expect(programProgress('exam', { invited: 6, registered: 3, passed: 1 })).toMatchObject({
      done: 4,
      total: 10,
    });
  });

  it('leaves a course’s waitlist and withdrawals out of the total', () => {
    expect(
      programProgress('course', { enrolled: 8, completed: 2, waitlisted: 5, withdrawn: 1 }),
    ).toMatchObject({ done: 2, total: 10 });
  });

  it('counts census units that reported, late or not', () => {
    expect(programProgress('census', { pending: 1, reported: 2, late: 1 })).toMatchObject({
      done: 3,
      total: 4,
    });
  });

  it('counts finished mentoring pairs, and says what it counts in Chinese first', () => {
    const p = programProgress('mentoring', { active: 3, at_risk: 1, completed: 1, closed: 1 });
    expect(p).toMatchObject({ done: 2, total: 6 });
    expect(p.label).toBe('已结束结对 / pairs finished');
  });

  it('is 0 of 0 for a program with nobody yet', () => {
    expect(programProgress('exam', {})).toMatchObject({ done: 0, total: 0 });
  });
});
