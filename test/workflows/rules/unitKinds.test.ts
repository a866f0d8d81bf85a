import { describe, expect, it } from 'vitest';
import { UNIT_KINDS, kindFromName } from '../../../workflows/rules/unitKinds';

describe('kindFromName', () => {
  it.each([
    ['花木街道', 'street'],
    ['陆家嘴街道办事处', 'street'],
    ['川沙新镇', 'township'],
    ['合庆镇', 'township'],
    ['凉山乡', 'township'],
    ['联洋居民区', 'community'],
    ['东明社区', 'community'],
    ['界龙村', 'community'],
    ['新港村委会', 'community'],
    ['浦东新区乐群社工服务社', 'agency'],
    ['恒益社会工作事务所', 'agency'],
    ['浦东新区社区服务中心', 'agency'],
    ['阳光社工站', 'agency'],
    ['浦东新区', 'district'],
    ['会理县', 'district'],
    ['区民政局', 'department'],
    ['团区委', 'department'],
  ] as const)('%s → %s', (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });

  it('reads past spaces and a bracketed note', () => {
    expect(kindFromName(' 金桥镇（筹） ')).toBe('township');
    expect(kindFromName('联洋\u3000居民区')).toBe('community');
  });

  it('names nothing it cannot tell, or an ending alone', () => {
    expect(kindFromName('浦东新区社会工作者协会联合体')).toBeUndefined();
    expect(kindFromName('镇')).toBeUndefined();
    expect(kindFromName('  ')).toBeUndefined();
  });

  it('answers only known kinds', () => {
    for (const name of ['花木街道', '界龙村', '恒益事务所', '民政局'])
      expect(UNIT_KINDS).toContain(kindFromName(name));
  });
});
