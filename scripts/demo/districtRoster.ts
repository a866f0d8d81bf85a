/**
 * A district that moves in from its roster alone, for tests and the bench: a Shanghai-style
 * roster (the 14 columns offices send) of `rows` fictitious people in `streets` streets/towns
 * with `unitsPerStreet` communities and agencies each, written the ways offices write it
 * (full-width digits, +86, Chinese, dotted and Excel dates), and the census the registry must
 * report over it, counted here from the generator's own choices. Deterministic for a size.
 */
import { idCardCheckChar } from '../../store/registry/idCard';
import type { Table, TableValue } from '../../store/registry/table';

export interface DistrictRosterSize {
  streets: number;
  unitsPerStreet: number;
  rows: number;
}

const STEMS =
  '花木陆家嘴潍坊塘桥洋泾金杨沪东上钢南码头周家渡东明三林张江川沙高桥北蔡周浦惠南新场大团康桥航头祝桥泥城宣桥书院万祥老港合庆曹路高行高东唐镇'.match(
    /../g,
  )!;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红玲芬燕春兰凤洁梅琳云雪荣';
const LEVELS = ['助理社会工作师', '社会工作师', '高级社会工作师'] as const;
const LEVEL_CODES = ['assistant_social_worker', 'social_worker', 'senior_social_worker'] as const;
const SPECIALTIES: [zh: string, code: string][] = [
  ['家庭教育', 'family_education'],
  ['心理健康', 'mental_health'],
  ['养老服务', 'elderly_care'],
  ['残障康复', 'disability_rehabilitation'],
  ['婚姻家庭', 'marriage_family'],
  ['青少年服务', 'youth'],
  ['社区治理', 'community_governance'],
];

export const ROSTER_HEADERS = [
  '序号',
  '姓名',
  '性别',
  '身份证号',
  '手机号码',
  '电子邮箱',
  '所属街镇',
  '所在单位',
  '岗位',
  '证书等级',
  '取证时间',
  '登记有效期至',
  '专长领域',
  '累计培训学时',
];

export interface ExpectedCensus {
  people: number;
  byRole: Record<string, number>;
  certified: number;
  byLevel: Record<string, number>;
  specialties: Record<string, number>;
  /** People with family_education or mental_health. */
  focusPeople: number;
  /** People with at least 120 hours. */
  trained: number;
  /** People by street name. */
  byStreet: Record<string, number>;
  streets: number;
  units: number;
}

/** The street/town names: two-character stems, 街道 for the first third, 镇 after. */
export function streetNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const stem =
      STEMS[i % STEMS.length]! +
      (i >= STEMS.length ? String(Math.floor(i / STEMS.length) + 1) : '');
    return `${stem}${i < n / 3 ? '街道' : '镇'}`;
  });
}

function unitName(street: string, k: number): { name: string; agency: boolean } {
  const stem = street.replace(/(街道|镇)$/, '');
  if (k % 7 === 6) return { name: `${stem}乐群${k}社工服务社`, agency: true };
  if (street.endsWith('镇') && k % 2 === 1) return { name: `${stem}${k}村`, agency: false };
  return { name: `${stem}第${k}居民区`, agency: false };
}

const fullWidth = (s: string) =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** A date written the n-th way offices write one. */
function written(d: Date, n: number): TableValue {
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  switch (n % 4) {
    case 0:
      return d; // an Excel date cell
    case 1:
      return `${y}年${m}月${day}日`;
    case 2:
      return `${y}.${m}.${day}`;
    default:
      return d.toISOString().slice(0, 10);
  }
}

export function buildDistrictRoster(size: DistrictRosterSize): {
  table: Table;
  expected: ExpectedCensus;
} {
  const streets = streetNames(size.streets);
  const units = streets.flatMap((street) =>
    Array.from({ length: size.unitsPerStreet }, (_, k) => ({ street, ...unitName(street, k + 1) })),
  );
  const expected: ExpectedCensus = {
    people: 0,
    byRole: {},
    certified: 0,
    byLevel: { assistant_social_worker: 0, social_worker: 0, senior_social_worker: 0 },
    specialties: {},
    focusPeople: 0,
    trained: 0,
    byStreet: {},
    streets: streets.length,
    units: units.length,
  };
  const add = (into: Record<string, number>, k: string) => (into[k] = (into[k] ?? 0) + 1);
  const rows: TableValue[][] = [];
  for (let i = 0; i < size.rows; i++) {
    const n = i + 1;
    const unit = units[(i * 7919) % units.length]!;
    const name =
      SURNAMES[i % SURNAMES.length]! +
      GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! +
      (n % 3 === 0 ? GIVEN[(i * 13) % GIVEN.length]! : '');
    const born = `19${60 + (n % 40)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
    const first17 = `3101${String(15 + (n % 3)).padStart(2, '0')}${born}${String(n % 1000).padStart(3, '0')}`;
    // Unique for up to 21,000 rows (the lcm of the region, birth-date and sequence cycles).
    const idCard = first17 + idCardCheckChar(first17);
    const mobile = `139${String(n).padStart(8, '0')}`;
    const phone =
      n % 10 === 0
        ? fullWidth(mobile)
        : n % 7 === 0
          ? `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`
          : mobile;
    const role = unit.agency ? (n % 9 === 0 ? '督导' : '社工机构社工') : '社区工作者';
    add(
      expected.byRole,
      unit.agency ? (n % 9 === 0 ? 'supervisor' : 'agency_social_worker') : 'community_worker',
    );
    const level = n % 5 < 3 ? (n % 11 === 0 ? 2 : n % 3 === 0 ? 1 : 0) : undefined;
    let obtained: Date | undefined;
    let expiry: Date | undefined;
    if (level !== undefined) {
      obtained = new Date(Date.UTC(2009 + (n % 16), n % 12, 1 + (n % 28)));
      if (n % 4 !== 3) expiry = new Date(Date.UTC(2026 + (n % 3), (n * 5) % 12, 28));
      expected.certified++;
      expected.byLevel[LEVEL_CODES[level]]!++;
    }
    const picked = [SPECIALTIES[n % 7]!, ...(n % 4 === 0 ? [SPECIALTIES[(n + 3) % 7]!] : [])];
    const specs = n % 6 === 5 ? [] : picked;
    for (const [, code] of specs) add(expected.specialties, code);
    if (specs.some(([, c]) => c === 'family_education' || c === 'mental_health')) {
      expected.focusPeople++;
    }
    const hours = n % 8 === 7 ? null : ((n * 37) % 300) + (n % 2 ? 0.5 : 0);
    if (hours !== null && hours >= 120) expected.trained++;
    expected.people++;
    add(expected.byStreet, unit.street);
    rows.push([
      n,
      name,
      n % 2 ? '男' : '女',
      idCard,
      phone,
      n % 3 === 0 ? `p${n}@example.cn` : null,
      // Streets are sometimes written without 街道/镇, with an ideographic space after.
      n % 13 === 0 ? `${unit.street.replace(/(街道|镇)$/, '')}\u3000` : unit.street,
      unit.name,
      role,
      level === undefined ? null : LEVELS[level],
      obtained ? written(obtained, n) : null,
      expiry ? written(expiry, n + 1) : null,
      specs.map(([zh]) => zh).join('、') || null,
      hours,
    ]);
  }
  return { table: { title: '浦东新区社会工作者登记表', headers: ROSTER_HEADERS, rows }, expected };
}
