import { describe, expect, it } from 'vitest';
import {
  hashIdCard,
  keyLegacyHash,
  legacyIdCardHash,
  idCardCheckChar,
  idCardProblem,
  maskIdCard,
  normalizeIdCard,
} from '../../../store/registry/idCard';

/** A valid number from 17 digits. */
export const withCheck = (first17: string) => first17 + idCardCheckChar(first17);

describe('ID-card numbers (GB 11643)', () => {
  it('computes the check character, X for 10', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X'); // the standard's own example
    expect(idCardCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts a valid number and normalizes a lower-case x and spaces', () => {
    expect(normalizeIdCard(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(idCardProblem('11010519491231002X')).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(idCardProblem('1101051949123100')).toMatch(/18 characters/);
    expect(idCardProblem('110105194912310021')).toBe(
      '校验码错误（应为 X） / check character is wrong (expected X)',
    );
    expect(idCardProblem(withCheck('11010519490231002'))).toMatch(
      /^出生日期不存在（\d{8}） \/ holds no real birth date \(\d{8}\)$/,
    );
    expect(idCardProblem(withCheck('01010519491231002'))).toBe(
      '开头不是行政区划代码 / does not start with a region code',
    );
    expect(idCardProblem(withCheck('11010520990101002'), new Date('2026-01-01'))).toMatch(/future/);
  });

  it('hashes keyed (HMAC over the salted hash) and masks all but the ends', () => {
    const id = '11010519491231002X';
    const [k1, k2] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    expect(hashIdCard(id, 'a', k1)).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(hashIdCard(id, 'a', k1)).toBe(hashIdCard(id, 'a', k1));
    expect(hashIdCard(id, 'a', k1)).not.toBe(hashIdCard(id, 'b', k1));
    expect(hashIdCard(id, 'a', k1)).not.toBe(hashIdCard(id, 'a', k2));
    // A legacy (salted) hash keyed later is the same as hashing the number keyed.
    expect(keyLegacyHash(legacyIdCardHash(id, 'a'), k1)).toBe(hashIdCard(id, 'a', k1));
    expect(maskIdCard(id)).toBe('1101**********002X');
    expect(normalizeIdCard('１１０１０５１９４９１２３１００２ｘ')).toBe(id);
  });
});
