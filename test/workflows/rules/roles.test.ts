import { describe, expect, it } from 'vitest';
import { canWrite, parseRole, seesAllUnits, unitInScope } from '../../../workflows/rules/roles';

const parents: Record<string, string | null> = {
  pudong: null,
  'pudong.huamu': 'pudong',
  'pudong.huamu.c1': 'pudong.huamu',
  'pudong.lujiazui': 'pudong',
  'pudong.lujiazui.c1': 'pudong.lujiazui',
};
const parentOf = (id: string) => parents[id];

describe('roles', () => {
  it('lets every role but viewer write', () => {
    expect(['admin', 'district', 'unit'].map((r) => canWrite(parseRole(r)))).toEqual([
      true,
      true,
      true,
    ]);
    expect(canWrite('viewer')).toBe(false);
  });

  it('gives all units to admin and district only', () => {
    expect(seesAllUnits('admin')).toBe(true);
    expect(seesAllUnits('district')).toBe(true);
    expect(seesAllUnits('unit')).toBe(false);
    expect(seesAllUnits('viewer')).toBe(false);
  });

  it('refuses an unknown role naming the choices', () => {
    expect(() => parseRole('coordinator')).toThrow(/admin, district, unit, viewer/);
  });
});

describe('unitInScope', () => {
  it('holds the unit and its sub-units, not its siblings or parents', () => {
    expect(unitInScope('pudong.huamu', ['pudong.huamu'], parentOf)).toBe(true);
    expect(unitInScope('pudong.huamu.c1', ['pudong.huamu'], parentOf)).toBe(true);
    expect(unitInScope('pudong.lujiazui.c1', ['pudong.huamu'], parentOf)).toBe(false);
    expect(unitInScope('pudong', ['pudong.huamu'], parentOf)).toBe(false);
    expect(unitInScope('pudong.lujiazui.c1', ['pudong.huamu', 'pudong.lujiazui'], parentOf)).toBe(
      true,
    );
  });

  it('ends on an unknown unit or a cycle', () => {
    expect(unitInScope('elsewhere', ['pudong'], parentOf)).toBe(false);
    const cyclic = (id: string) => (id === 'a' ? 'b' : 'a');
    expect(unitInScope('a', ['c'], cyclic)).toBe(false);
  });
});
