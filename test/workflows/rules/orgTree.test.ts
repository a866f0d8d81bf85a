import { describe, expect, it } from 'vitest';
import {
  generatedUnitId,
  planOrgFile,
  wouldCycle,
  type OrgFileRow,
  type TreeUnit,
} from '../../../workflows/rules/orgTree';
import { ORG_KIND, codeIn, knownCodes } from '../../../workflows/rules/vocabulary';

const tree: TreeUnit[] = [
  { id: 'pd', name: '浦东新区', kind: 'district', parentId: null },
  { id: 'pd.hm', name: '花木街道', kind: 'street', parentId: 'pd' },
  { id: 'pd.hm.ly', name: '联洋居民区', kind: 'community', parentId: 'pd.hm' },
];
const parents = new Map(tree.map((u) => [u.id, u.parentId]));
const plan = (rows: OrgFileRow[]) =>
  planOrgFile(tree, rows, (w) => codeIn(ORG_KIND, w), knownCodes(ORG_KIND));

describe('wouldCycle', () => {
  it('refuses a unit under itself or its descendant, allows elsewhere', () => {
    expect(wouldCycle('pd.hm', 'pd.hm', (id) => parents.get(id))).toBe(true);
    expect(wouldCycle('pd', 'pd.hm.ly', (id) => parents.get(id))).toBe(true);
    expect(wouldCycle('pd.hm.ly', 'pd', (id) => parents.get(id))).toBe(false);
    expect(wouldCycle('pd', null, (id) => parents.get(id))).toBe(false);
  });
});

describe('generatedUnitId', () => {
  it('is stable for a name under a parent and avoids taken ids', () => {
    const a = generatedUnitId('pd', '金桥镇', () => false);
    expect(generatedUnitId('pd', ' 金桥 镇', () => false)).toBe(a);
    expect(a).toMatch(/^pd\.[0-9a-z]{7}$/);
    expect(generatedUnitId('pd', '金桥镇', (id) => id === a)).toBe(`${a}-2`);
  });
});

describe('planOrgFile', () => {
  it('resolves parents by id or name (also later in the file), kinds by label or name', () => {
    const { units, problems } = plan([
      { row: 2, name: '碧云居民区', parent: '金桥镇' },
      { row: 3, id: 'pd.jq', name: '金桥镇', kind: '镇', parent: 'pd' },
      { row: 4, name: '乐群社工服务社', kind: '社工机构', parent: '浦东新区' },
      { row: 5, id: 'pd.hm', name: '花木街道', kind: 'street', parent: 'pd' },
    ]);
    expect(problems).toEqual([]);
    expect(units.map((u) => [u.row, u.parentId, u.kind, u.action])).toEqual([
      [2, 'pd.jq', 'community', 'create'],
      [3, 'pd', 'township', 'create'],
      [4, 'pd', 'agency', 'create'],
      [5, 'pd', 'street', 'unchanged'],
    ]);
    expect(units[0]!.kindFromName).toBe(true);
  });

  it('finds a unit of the tree by name under its parent instead of making a second', () => {
    const { units } = plan([{ row: 2, name: '联洋居民区', kind: '居民区', parent: '花木街道' }]);
    expect(units).toMatchObject([{ id: 'pd.hm.ly', action: 'unchanged' }]);
  });

  it('a file of names only re-states the tree: every row unchanged, no id generated', () => {
    const { units, problems } = plan([
      { row: 2, name: '浦东新区', kind: '区' },
      { row: 3, name: '花木街道', parent: '浦东新区' },
      { row: 4, name: '联洋居民区', parent: '花木街道' },
    ]);
    expect(problems).toEqual([]);
    expect(units.map((u) => [u.id, u.action, u.generatedId])).toEqual([
      ['pd', 'unchanged', false],
      ['pd.hm', 'unchanged', false],
      ['pd.hm.ly', 'unchanged', false],
    ]);
  });

  it.each([
    [
      'an unknown parent',
      [{ row: 2, name: '某居民区', parent: '不存在街道' }],
      { row: 2, column: 'parent' },
      /unknown parent "不存在街道"/,
    ],
    [
      'a unit under its own descendant',
      [{ row: 2, id: 'pd.hm', name: '花木街道', kind: 'street', parent: 'pd.hm.ly' }],
      { row: 2, column: 'parent' },
      /under itself or its own descendant/,
    ],
    [
      'a unit under itself',
      [{ row: 3, id: 'x', name: '某镇', parent: 'x' }],
      { row: 3, column: 'parent' },
      /under itself/,
    ],
    [
      'two units of one name under one parent',
      [
        { row: 2, id: 'a', name: '东明社区', parent: 'pd.hm' },
        { row: 3, id: 'b', name: '东明 社区', parent: 'pd.hm' },
      ],
      { row: 3, column: 'name' },
      /two units named "东明社区"/,
    ],
    [
      'an unknown kind, listing the known ones',
      [{ row: 2, name: '某单位', kind: '公司', parent: 'pd' }],
      { row: 2, column: 'kind' },
      /unknown kind "公司" \(known: 区 district/,
    ],
    [
      'a kind the name cannot tell',
      [{ row: 4, name: '浦东社会工作者联合体', parent: 'pd' }],
      { row: 4, column: 'kind' },
      /fill in 类型/,
    ],
    [
      'an id with a slash',
      [{ row: 2, id: 'a/b', name: '某镇', parent: 'pd' }],
      { row: 2, column: 'id' },
      /no \//,
    ],
  ] as const)('refuses %s, naming row and column, planning nothing', (_, rows, where, message) => {
    const { units, problems } = plan(rows as unknown as OrgFileRow[]);
    expect(units).toEqual([]);
    expect(problems[0]).toMatchObject(where);
    expect(problems[0]!.message).toMatch(message);
  });

  it('refuses a parent name that names two units', () => {
    const { problems } = plan([
      { row: 2, id: 'a', name: '东明社区', kind: 'community', parent: 'pd' },
      { row: 3, id: 'b', name: '东明社区', kind: 'community', parent: 'pd.hm' },
      { row: 4, name: '某服务站', parent: '东明社区' },
    ]);
    expect(problems).toMatchObject([{ row: 4, column: 'parent' }]);
    expect(problems[0]!.message).toMatch(/names 2 units/);
  });
});
