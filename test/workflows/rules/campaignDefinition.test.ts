import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  parseCampaignDefinition,
} from '../../../workflows/rules/campaignDefinition';

/** Pudong 2025: social worker level, registration in late March, exam on 24–25 May. */
const pudong2025 = () => ({
  id: 'pudong-2025',
  name: '2025年浦东新区社工职业水平考试报考动员',
  examYear: 2025,
  levels: ['social_worker'],
  registrationWindow: { opens: '2025-03-14T09:00:00+08:00', closes: '2025-03-31T17:00:00+08:00' },
  examDates: {
    regulations_policy: '2025-05-24T09:00:00+08:00',
    comprehensive_intermediate: '2025-05-25T09:00:00+08:00',
    practice_intermediate: '2025-05-25T14:00:00+08:00',
  },
  cohort: { unitIds: ['pudong'], roles: ['community_worker'] },
  classes: [
    { id: 'online-1', title: '线上精讲', kind: 'online_course', classHours: 30 },
    {
      id: 'sprint-huamu',
      title: '线下冲刺（花木）',
      kind: 'sprint_class',
      capacity: 60,
      classHours: 12,
    },
  ],
  reminders: { beforeWindowCloses: ['7d', '3d', '1d'] },
  targets: { registrations: 8055, passes: 1327, certificationRateChange: 6.3 },
});

function problemsOf(input: unknown): string[] {
  try {
    parseCampaignDefinition(input);
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  return [];
}

describe('campaign definition', () => {
  it('reads a whole definition with its defaults', () => {
    const d = parseCampaignDefinition(pudong2025());
    expect(d.registrationWindow.closes.toISOString()).toBe('2025-03-31T09:00:00.000Z');
    expect(Object.keys(d.examDates)).toHaveLength(3);
    expect(d.cohort.notCertifiedAtLevel).toBe(true);
    expect(d.reminders.quietHours).toEqual({ startMinute: 1260, endMinute: 480 });
    expect(d.timeZone).toBe('Asia/Shanghai');
    expect(d.classes[1]).toMatchObject({ capacity: 60, kind: 'sprint_class' });
  });

  it('reads levels and roles written in Chinese, as the registration sheet does', () => {
    const d = parseCampaignDefinition({
      ...pudong2025(),
      levels: ['社会工作师'],
      cohort: { unitIds: ['pudong'], roles: ['社区工作者', '督导'] },
    });
    expect(d.levels).toEqual(['social_worker']);
    expect(d.cohort.roles).toEqual(['community_worker', 'supervisor']);
    expect(
      problemsOf({ ...pudong2025(), cohort: { unitIds: ['pudong'], roles: ['厨师'] } }),
    ).toEqual([
      'cohort.roles[0]: 未知的角色 unknown role "厨师"（可选 known: 社区工作者 community_worker、社工机构社工 agency_social_worker、督导 supervisor、志愿者 volunteer、项目协调员 coordinator、其他 other）',
    ]);
  });

  it('names every problem by its field', () => {
    const bad = {
      ...pudong2025(),
      id: 'bad id!',
      examYear: 25,
      levels: ['social_worker', 'master'],
      registrationWindow: { opens: '2025-03-31T17:00:00+08:00', closes: '2025-03-14' },
      examDates: { regulations_policy: '2025-03-01T09:00:00+08:00', cooking: '2025-05-25' },
      cohort: { unitIds: [] },
      classes: [
        { id: 'x', title: '冲刺', kind: 'sprint_class', classHours: 12 },
        { id: 'x', title: '', kind: 'lecture', classHours: -1 },
      ],
      reminders: { beforeWindowCloses: ['7 days'], quietHours: '9pm' },
      timeZone: 'Mars/Olympus',
      targets: { registrations: 0 },
    };
    expect(problemsOf(bad)).toEqual([
      'id: 只能由字母、数字、点、横线或下划线组成 / must be letters, digits, dot, dash or underscore',
      'examYear: 须为年份，如 2025 / must be a year such as 2025',
      'levels[1]: 未知的证书等级 unknown certificate level "master"（可选 known: 助理社会工作师 assistant_social_worker、社会工作师 social_worker、高级社会工作师 senior_social_worker）',
      'registrationWindow.closes: 须晚于报名开始时间 registrationWindow.opens / must be after registrationWindow.opens',
      'examDates.comprehensive_intermediate: 缺少考试日期 / is missing',
      'examDates.practice_intermediate: 缺少考试日期 / is missing',
      'examDates.regulations_policy: 须晚于报名截止 / must be after the registration window closes',
      'examDates.cooking: 不是所列等级的考试科目 / is not a subject of the levels named',
      'cohort.unitIds: 未指定单位 / names no unit',
      'classes[0].capacity: 冲刺班须填名额 / is required for a sprint class',
      'classes[1].kind: 须为 online_course（网课）或 sprint_class（冲刺班） / must be online_course or sprint_class',
      'classes[1].title: 必填文字 / is required text',
      'classes[1].classHours: 须为大于 0 的数 / must be a number above 0',
      'classes[1].id: “x”重复使用 / "x" is used twice',
      'reminders.beforeWindowCloses[0]: 提醒间隔“7 days”须形如 7d、1h、30m 或 2w / reminder offset "7 days" must look like 7d, 1h, 30m or 2w',
      'reminders.quietHours: 须形如 21:00-08:00，或为 off（不设免打扰）/ must look like 21:00-08:00, or be "off"',
      'timeZone: “Mars/Olympus”不是 IANA 时区 / "Mars/Olympus" is not an IANA time zone',
      'targets.registrations: 须为大于 0 的整数 / must be a whole number above 0',
    ]);
  });

  it('refuses what is not an object at all', () => {
    expect(problemsOf('pudong')[0]).toBe('(root): 须为对象 / must be an object');
  });
});

describe('campaign definition dates', () => {
  it('refuses impossible dates naming the field, and reads local times in the campaign’s zone', () => {
    const d = pudong2025();
    const problems = problemsOf({
      ...d,
      registrationWindow: { ...d.registrationWindow, closes: '2025-02-30 17:00' },
      examDates: { ...d.examDates, regulations_policy: '2025-13-24T09:00' },
    });
    expect(problems).toContain(
      'registrationWindow.closes：“2025-02-30 17:00”不是有效的日期时间（2025 年 2 月只有 28 天）/ registrationWindow.closes: "2025-02-30 17:00" is not a valid date and time (2025-02 has 28 days)',
    );
    expect(problems.join('\n')).toContain('examDates.regulations_policy: "2025-13-24T09:00"');
    const local = parseCampaignDefinition({
      ...d,
      examDates: { ...d.examDates, regulations_policy: '2025-05-24 09:00' },
    });
    expect(local.examDates.regulations_policy!.toISOString()).toBe('2025-05-24T01:00:00.000Z');
  });
});
