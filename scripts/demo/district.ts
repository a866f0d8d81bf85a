/**
 * A synthetic district for the demo (`npm start`), tests and benchmarks: a district with streets
 * and townships, communities and agencies under them, and people with realistic Chinese names.
 * Deterministic for a given size. Contacts are made-up addresses on a reserved demo domain.
 */
import type { Db } from '../../store/db';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';
const STREETS = [
  '花木街道',
  '陆家嘴街道',
  '潍坊新村街道',
  '塘桥街道',
  '洋泾街道',
  '张江镇',
  '川沙新镇',
  '高桥镇',
  '北蔡镇',
  '周浦镇',
  '三林镇',
  '惠南镇',
];
const ROLES = [
  'community_worker',
  'community_worker',
  'community_worker',
  'agency_social_worker',
  'agency_social_worker',
  'supervisor',
  'volunteer',
];

export interface DistrictSize {
  /** Streets/townships under the district (at most 12 distinct names; more repeat with a number). */
  streets: number;
  /** Communities or agencies under each street. */
  unitsPerStreet: number;
  people: number;
}

export const DEMO_SIZE: DistrictSize = { streets: 3, unitsPerStreet: 2, people: 50 };

export interface District {
  organisations: {
    id: string;
    name: string;
    nameEn: string | null;
    kind: string;
    parentId: string | null;
    path: string;
  }[];
  people: { id: string; name: string; unitId: string; role: string; locale: string }[];
  contacts: { personId: string; kind: string; value: string; isPrimary: boolean }[];
}

export function personId(n: number): string {
  return `p-${String(n).padStart(6, '0')}`;
}

export function buildDistrict(size: DistrictSize, districtId = 'pudong'): District {
  const organisations: District['organisations'] = [
    {
      id: districtId,
      name: '浦东新区',
      nameEn: 'Pudong New Area',
      kind: 'district',
      parentId: null,
      path: `/${districtId}/`,
    },
  ];
  const units: string[] = [];
  for (let s = 0; s < size.streets; s++) {
    const sid = `${districtId}.s${String(s + 1).padStart(2, '0')}`;
    const base = STREETS[s % STREETS.length]!;
    const name = s < STREETS.length ? base : `${base}${Math.floor(s / STREETS.length) + 1}`;
    organisations.push({
      id: sid,
      name,
      nameEn: null,
      kind: name.endsWith('镇') ? 'township' : 'street',
      parentId: districtId,
      path: `/${districtId}/${sid}/`,
    });
    for (let u = 0; u < size.unitsPerStreet; u++) {
      const uid = `${sid}.u${String(u + 1).padStart(2, '0')}`;
      const agency = u % 3 === 2;
      organisations.push({
        id: uid,
        name: agency ? `${name}社工服务社${u + 1}` : `${name}第${u + 1}居委会`,
        nameEn: null,
        kind: agency ? 'agency' : 'community',
        parentId: sid,
        path: `/${districtId}/${sid}/${uid}/`,
      });
      units.push(uid);
    }
  }
  const people: District['people'] = [];
  const contacts: District['contacts'] = [];
  for (let i = 1; i <= size.people; i++) {
    const id = personId(i);
    const name =
      SURNAMES[(i * 7) % SURNAMES.length]! +
      GIVEN[(i * 13) % GIVEN.length]! +
      (i % 3 === 0 ? GIVEN[(i * 31) % GIVEN.length]! : '');
    people.push({
      id,
      name,
      unitId: units[i % units.length]!,
      role: ROLES[i % ROLES.length]!,
      locale: i % 25 === 0 ? 'en' : 'zh-CN',
    });
    contacts.push({
      personId: id,
      kind: 'email',
      value: `${id}@demo.yanzhen.local`,
      isPrimary: true,
    });
  }
  return { organisations, people, contacts };
}

/** Writes a district in one transaction (chunked inserts); nothing is written if any part fails. */
export async function loadDistrict(db: Db, district: District): Promise<void> {
  const chunks = <T>(rows: T[], n = 1000) =>
    Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, i * n + n));
  await db.$transaction(
    async (tx) => {
      await tx.organisation.createMany({ data: district.organisations });
      for (const c of chunks(district.people)) await tx.person.createMany({ data: c });
      for (const c of chunks(district.contacts)) await tx.contactChannel.createMany({ data: c });
    },
    // A city of 100,000 (bench/scale) on a busy machine takes minutes.
    { timeout: 600_000 },
  );
}
