/**
 * Every code a person reads or writes, with its Chinese label and the other words offices use for
 * it: one table per vocabulary, one reader for all of them. Codes are what the database and the
 * workflows store; a person may write the code (any case), the Chinese label or a synonym wherever
 * a code is asked for (CLI flags, campaign definitions, sheets). Pure.
 */
import { InputError } from '../../common/errors';

export interface Vocabulary<C extends string> {
  /** What the vocabulary names, `角色 role`. */
  what: { zh: string; en: string };
  /** In the order of the process (invited → registered → passed …), or lowest rank first. */
  codes: readonly C[];
  zh: Record<C, string>;
  /** Other words for a code (`初级` for assistant_social_worker). */
  synonyms?: Record<string, C>;
}

function vocabulary<const C extends string>(
  what: [zh: string, en: string],
  zh: Record<C, string>,
  synonyms: Record<string, NoInfer<C>> = {},
): Vocabulary<C> {
  return { what: { zh: what[0], en: what[1] }, codes: Object.keys(zh) as C[], zh, synonyms };
}

// ---- the registry --------------------------------------------------------------------------

/** district → street/township/department → community/unit/agency; partner: another province's. */
export const ORG_KIND = vocabulary(
  ['单位类型', 'organisation kind'],
  {
    district: '区',
    street: '街道',
    township: '镇',
    department: '部门',
    community: '社区',
    unit: '单位',
    agency: '社工机构',
    partner: '协作单位',
  },
  {
    区县: 'district',
    街道办事处: 'street',
    乡: 'township',
    乡镇: 'township',
    居民区: 'community',
    村: 'community',
    居委会: 'community',
    村委会: 'community',
    机构: 'agency',
    社会组织: 'agency',
    外省: 'partner',
    外省单位: 'partner',
  },
);

export const ROLE = vocabulary(
  ['角色', 'role'],
  {
    community_worker: '社区工作者',
    agency_social_worker: '社工机构社工',
    supervisor: '督导',
    volunteer: '志愿者',
    coordinator: '项目协调员',
    other: '其他',
  },
  {
    社区工作人员: 'community_worker',
    社工: 'agency_social_worker',
    机构社工: 'agency_social_worker',
    社工督导: 'supervisor',
  },
);

/** Lowest first: the order is the rank (a senior social worker outranks a social worker). */
export const CERT_LEVEL = vocabulary(
  ['证书等级', 'certificate level'],
  {
    assistant_social_worker: '助理社会工作师',
    social_worker: '社会工作师',
    senior_social_worker: '高级社会工作师',
  },
  {
    初级: 'assistant_social_worker',
    助理社工师: 'assistant_social_worker',
    中级: 'social_worker',
    社工师: 'social_worker',
    高级: 'senior_social_worker',
    高级社工师: 'senior_social_worker',
  },
);

export const SPECIALTY = vocabulary(
  ['专长', 'specialty'],
  {
    family_education: '家庭教育',
    mental_health: '心理健康',
    elderly_care: '养老服务',
    disability_rehabilitation: '残障康复',
    marriage_family: '婚姻家庭',
    volunteering: '志愿服务',
    youth: '青少年服务',
    community_governance: '社区治理',
  },
  {
    心理咨询: 'mental_health',
    心理: 'mental_health',
    养老: 'elderly_care',
    为老服务: 'elderly_care',
    助残: 'disability_rehabilitation',
    残疾人康复: 'disability_rehabilitation',
    志愿者服务: 'volunteering',
    青少年: 'youth',
  },
);

// ---- statuses, in the order of the process --------------------------------------------------

/** An exam participant's step (the funnel). */
export const PARTICIPANT_STATUS = vocabulary(['报考状态', 'participant status'], {
  invited: '已邀请',
  registered: '已报名',
  passed: '已通过',
  failed: '未通过',
  not_registered: '未报名',
  withdrawn: '已退出',
  cancelled: '已取消',
});

/** Continuing-education standing of a person for the cycle. */
export const CE_STANDING = vocabulary(['继续教育进度', 'CE standing'], {
  compliant: '已达标',
  on_track: '进度正常',
  behind: '进度落后',
  overdue: '已逾期',
});

export const COURSE_STATUS = vocabulary(['课程状态', 'course status'], {
  scheduled: '已排期',
  open: '报名中',
  running: '进行中',
  closed: '已结课',
  cancelled: '已取消',
});

export const ENROLMENT_STATUS = vocabulary(['报名状态', 'enrolment status'], {
  enrolled: '已报名',
  waitlisted: '候补',
  in_progress: '学习中',
  behind: '进度落后',
  completed: '已完成',
  incomplete: '未完成',
  withdrawn: '已退出',
});

export const ATTENDANCE_STATUS = vocabulary(['考勤', 'attendance'], {
  present: '出勤',
  late: '迟到',
  excused: '请假',
  absent: '缺勤',
});

export const MENTORING_STATUS = vocabulary(['带教状态', 'mentoring status'], {
  planned: '待开始',
  active: '进行中',
  held: '已进行',
  at_risk: '有风险',
  missed: '未进行',
  cancelled: '已取消',
  completed: '已完成',
  closed: '已结束',
});

export const NOTICE_STATUS = vocabulary(['通知状态', 'notice status'], {
  scheduled: '待发送',
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  unconfirmed: '未确认',
  completed: '已完成',
  failed: '发送失败',
  cancelled: '已取消',
});

export const CENSUS_STATUS = vocabulary(['填报状态', 'census status'], {
  pending: '未填报',
  reported: '已填报',
  late: '已逾期',
  reported_late: '逾期填报',
});

// ---- reading and showing ---------------------------------------------------------------------

/**
 * The code for a written value: the code itself (any case, spaces or dashes for underscores),
 * its Chinese label or a synonym. Undefined when it names nothing in the vocabulary.
 */
export function codeIn<C extends string>(v: Vocabulary<C>, written: string): C | undefined {
  const w = written.trim();
  const lower = w.toLowerCase().replace(/[\s-]+/g, '_');
  return (
    v.codes.find((c) => c === lower) ??
    v.codes.find((c) => v.zh[c] === w) ??
    (Object.hasOwn(v.synonyms ?? {}, w) ? v.synonyms![w] : undefined)
  );
}

/** `家庭教育 family_education、心理健康 mental_health、…` */
export function knownCodes<C extends string>(v: Vocabulary<C>): string {
  return v.codes.map((c) => `${v.zh[c]} ${c}`).join('、');
}

/** Why a written value is refused: `未知的专长 unknown specialty "x"（可选 known: …）`. */
export function unknownText<C extends string>(v: Vocabulary<C>, written: string): string {
  return `未知的${v.what.zh} unknown ${v.what.en} "${written}"（可选 known: ${knownCodes(v)}）`;
}

/** The code for a written value, or an InputError naming the field and listing the known ones. */
export function readCode<C extends string>(v: Vocabulary<C>, written: string, field?: string): C {
  const code = codeIn(v, written);
  if (code === undefined)
    throw new InputError(field ? `${field}: ${unknownText(v, written)}` : unknownText(v, written));
  return code;
}

/** Codes for a list, or for comma-separated text (`家庭教育,心理健康`, `家庭教育、心理健康`). */
export function readCodes<C extends string>(
  v: Vocabulary<C>,
  written: string | readonly string[],
  field?: string,
): C[] {
  return (typeof written === 'string' ? [written] : written)
    .flatMap((w) => w.split(/[,，、;；]/))
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => readCode(v, p, field));
}

/** The Chinese label of a code, the code itself when the vocabulary does not know it. */
export function zhOf(v: Vocabulary<string>, code: string): string {
  return v.zh[code] ?? code;
}

/** `已报名 registered`: the label with the code beside it. */
export function labelOf(v: Vocabulary<string>, code: string): string {
  const zh = v.zh[code];
  return zh ? `${zh} ${code}` : code;
}

/** Entries in the vocabulary's order (the process order), unknown codes after them. */
export function inOrder<T>(v: Vocabulary<string>, counts: Record<string, T>): [string, T][] {
  const rank = (c: string) => {
    const i = v.codes.indexOf(c);
    return i < 0 ? v.codes.length : i;
  };
  return Object.entries(counts).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
