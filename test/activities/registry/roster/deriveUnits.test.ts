import { describe, expect, it } from 'vitest';
import {
  deriveUnits,
  districtRoot,
  type TreeUnit,
} from '../../../../store/registry/roster/deriveUnits';
import {
  inStreet,
  resolveUnit,
  streetKey,
  unitDirectory,
} from '../../../../store/registry/roster/units';

const TREE: TreeUnit[] = [
  { id: 'pd', name: '浦东新区', kind: 'district', parentId: null, path: '/pd/' },
  { id: 'pd.hm', name: '花木街道', kind: 'street', parentId: 'pd', path: '/pd/pd.hm/' },
  { id: 'pd.cs', name: '川沙新镇', kind: 'township', parentId: 'pd', path: '/pd/pd.cs/' },
  {
    id: 'pd.hm.yg',
    name: '阳光居民区',
    kind: 'community',
    parentId: 'pd.hm',
    path: '/pd/pd.hm/pd.hm.yg/',
  },
  {
    id: 'pd.cs.yg',
    name: '阳光居民区',
    kind: 'community',
    parentId: 'pd.cs',
    path: '/pd/pd.cs/pd.cs.yg/',
  },
];

describe('units named by a roster', () => {
  const dir = unitDirectory(TREE);

  it('a street narrows a unit name two streets share; written with or without 街道/镇', () => {
    expect(streetKey('花木 街道')).toBe('花木');
    expect(resolveUnit('阳光居民区', dir)).toMatchObject({ ok: false, code: 'ambiguous_unit' });
    expect(resolveUnit('阳光居民区', dir, '川沙新')).toEqual({ ok: true, value: 'pd.cs.yg' });
    expect(resolveUnit('阳光居民区', dir, '花木街道')).toEqual({ ok: true, value: 'pd.hm.yg' });
    expect(inStreet(dir, 'pd.hm.yg', '川沙新镇')).toBe(false);
  });

  it('derives missing streets and units under the district, once each, kinds from the names', () => {
    const root = districtRoot(TREE);
    const derived = deriveUnits(
      TREE,
      [
        { row: 2, street: '花木街道', unit: '阳光居民区' }, // exists
        { row: 3, street: '花木', unit: '乐群社工服务社' },
        { row: 4, street: '张江', unit: '孙桥村' },
        { row: 5, street: '张江镇', unit: '孙桥村' },
        { row: 6, street: '', unit: '无街镇单位' }, // no street: not derived
      ],
      root,
    );
    expect(derived.map((u) => [u.name, u.kind, u.parentId, u.row])).toEqual([
      ['乐群社工服务社', 'agency', 'pd.hm', 3],
      ['张江镇', 'township', 'pd', 4],
      ['孙桥村', 'community', derived[1]!.id, 4],
    ]);
    expect(derived[2]!.path).toBe(`/pd/${derived[1]!.id}/${derived[2]!.id}/`);
    // The same names give the same ids: a dry run shows what the commit writes.
    expect(deriveUnits(TREE, [{ row: 9, street: '张江镇', unit: '孙桥村' }], root)[1]!.id).toBe(
      derived[2]!.id,
    );
  });

  it('an empty tree needs the district named; several roots need one chosen', () => {
    expect(() => districtRoot([])).toThrow(/--district/);
    expect(districtRoot([], '浦东新区')).toMatchObject({ kind: 'district', isNew: true });
    const two = [
      ...TREE,
      { id: 'x', name: '闵行区', kind: 'district', parentId: null, path: '/x/' },
    ];
    expect(() => districtRoot(two)).toThrow(/2 top units \(浦东新区、闵行区\)/);
    expect(districtRoot(two, '闵行区').id).toBe('x');
    expect(() => districtRoot(TREE, '徐汇区')).toThrow(
      /no top unit is named 徐汇区 \(top units: 浦东新区\)/,
    );
  });
});
