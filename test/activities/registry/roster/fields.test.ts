import { describe, expect, it } from 'vitest';
import {
  cellText,
  parseDate,
  parseEmail,
  parseIdCard,
  parseLevel,
  parseName,
  parsePersonId,
  parsePhone,
  parseRole,
  parseSpecialties,
} from '../../../../store/registry/roster/fields';

const today = new Date('2026-01-01T00:00:00Z');
const value = <T>(p: { ok: boolean; value?: T }) => (p.ok ? p.value : undefined);
const code = (p: { ok: boolean; code?: string }) => (p.ok ? 'ok' : p.code);

describe('roster fields', () => {
  it('phones: mainland mobiles, +86 and separators dropped', () => {
    expect(value(parsePhone('138 0013 8000'))).toBe('13800138000');
    expect(value(parsePhone('+86 138-0013-8000'))).toBe('13800138000');
    expect(code(parsePhone('12800138000'))).toBe('bad_phone');
    expect(code(parsePhone('021-5888 8888'))).toBe('bad_phone');
  });

  it('e-mail addresses, lower-cased', () => {
    expect(value(parseEmail('Wang.Wei@Example.CN'))).toBe('wang.wei@example.cn');
    expect(code(parseEmail('wang@'))).toBe('bad_email');
    expect(code(parseEmail('a@b.cn，c@d.cn'))).toBe('bad_email');
  });

  it('roles and levels in Chinese, English codes or known synonyms', () => {
    expect(value(parseRole('社区工作者'))).toBe('community_worker');
    expect(value(parseRole('社工机构社工'))).toBe('agency_social_worker');
    expect(value(parseRole('督导'))).toBe('supervisor');
    expect(value(parseRole('Volunteer'))).toBe('volunteer');
    expect(code(parseRole('厨师'))).toBe('unknown_role');
    expect(value(parseLevel('助理社会工作师'))).toBe('assistant_social_worker');
    expect(value(parseLevel('社会工作师'))).toBe('social_worker');
    expect(value(parseLevel('高级社会工作师'))).toBe('senior_social_worker');
    expect(value(parseLevel('中级'))).toBe('social_worker');
    expect(code(parseLevel('特级'))).toBe('unknown_level');
  });

  it('specialties separated by 、，, ; or /', () => {
    expect(value(parseSpecialties('心理健康、家庭教育'))).toEqual([
      'family_education',
      'mental_health',
    ]);
    expect(value(parseSpecialties('养老服务，残障康复;婚姻家庭/志愿服务'))).toEqual([
      'disability_rehabilitation',
      'elderly_care',
      'marriage_family',
      'volunteering',
    ]);
    const unknown = parseSpecialties('家庭教育、烹饪');
    expect(code(unknown)).toBe('unknown_specialty');
    expect(unknown.ok ? '' : unknown.message).toMatch(/烹饪/);
  });

  it('dates in the ways offices write them, not impossible, not in the future', () => {
    const iso = (p: ReturnType<typeof parseDate>) =>
      p.ok ? p.value.toISOString().slice(0, 10) : p.code;
    expect(iso(parseDate('2023-06-01', today))).toBe('2023-06-01');
    expect(iso(parseDate('2023/6/1', today))).toBe('2023-06-01');
    expect(iso(parseDate('2023.6.1', today))).toBe('2023-06-01');
    expect(iso(parseDate('2023年6月1日', today))).toBe('2023-06-01');
    expect(iso(parseDate('20230601', today))).toBe('2023-06-01');
    expect(iso(parseDate(new Date('2023-06-01T00:00:00Z'), today))).toBe('2023-06-01');
    expect(iso(parseDate(45078, today))).toBe('2023-06-01'); // Excel serial
    expect(iso(parseDate('2023-02-30', today))).toBe('bad_date');
    expect(iso(parseDate('去年', today))).toBe('bad_date');
    expect(iso(parseDate('2026-01-02', today))).toBe('future_date');
  });

  it('ID-card numbers, refusing numeric cells that lost digits', () => {
    expect(value(parseIdCard('11010519491231002x', today))).toBe('11010519491231002X');
    expect(code(parseIdCard(110105194912310020, today))).toBe('bad_id_card');
    expect(code(parseIdCard('110105194912310021', today))).toBe('bad_id_card');
  });

  it('names and person ids', () => {
    expect(value(parseName('欧阳  娜娜'))).toBe('欧阳 娜娜');
    expect(code(parseName('13800138000'))).toBe('bad_name');
    expect(code(parseName('长'.repeat(51)))).toBe('bad_name');
    expect(value(parsePersonId('p-000123'))).toBe('p-000123');
    expect(code(parsePersonId('p 1!'))).toBe('bad_person_id');
  });

  it('cell text: whole numbers without decimals, dates as ISO days', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(new Date('2023-06-01T00:00:00Z'))).toBe('2023-06-01');
    expect(cellText(null)).toBe('');
    expect(cellText('  x ')).toBe('x');
  });
});
