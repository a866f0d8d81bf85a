import { describe, expect, it } from 'vitest';
import {
  CERT_LEVEL,
  PARTICIPANT_STATUS,
  SPECIALTY,
  inOrder,
  labelOf,
  readCode,
  readCodes,
} from '../../../workflows/rules/vocabulary';

describe('vocabulary', () => {
  it('reads a code, its Chinese label or a synonym', () => {
    expect(readCode(CERT_LEVEL, '助理社会工作师')).toBe('assistant_social_worker');
    expect(readCode(CERT_LEVEL, 'Social Worker')).toBe('social_worker');
    expect(readCode(CERT_LEVEL, '初级')).toBe('assistant_social_worker');
    expect(readCodes(SPECIALTY, '家庭教育，心理健康、youth')).toEqual([
      'family_education',
      'mental_health',
      'youth',
    ]);
  });

  it('refuses an unknown value, naming the field and listing the known ones in zh and code', () => {
    expect(() => readCodes(SPECIALTY, ['家庭教育', '烹饪'], 'focus')).toThrow(
      'focus: 未知的专长 unknown specialty "烹饪"（可选 known: 家庭教育 family_education、心理健康 mental_health、',
    );
    // A synonym of another vocabulary is not a specialty.
    expect(() => readCode(SPECIALTY, '初级')).toThrow(/unknown specialty "初级"/);
    expect(() => readCode(SPECIALTY, 'toString')).toThrow(/unknown specialty/);
  });

  it('shows labels beside codes, statuses in the order of the process', () => {
    expect(labelOf(PARTICIPANT_STATUS, 'not_registered')).toBe('未报名 not_registered');
    expect(labelOf(PARTICIPANT_STATUS, 'mystery')).toBe('mystery');
    expect(
      inOrder(PARTICIPANT_STATUS, { passed: 2, failed: 1, invited: 5, registered: 3 }),
    ).toEqual([
      ['invited', 5],
      ['registered', 3],
      ['passed', 2],
      ['failed', 1],
    ]);
  });
});
