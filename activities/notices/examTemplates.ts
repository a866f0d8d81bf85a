/**
 * Notices of an exam mobilization campaign (报考动员), zh-CN first with English beside. Values are
 * loaded from the ids in the params (campaign and person), never carried in the workflow.
 */
import type { Db } from '../../store/db';
import { FOOTER_EN, FOOTER_ZH } from './footer';
import { loadedBy } from './loadedBy';
import { formatLocal } from '../../workflows/rules/zonedTime';
import { SUBJECT_ZH } from '../../workflows/rules/examRules';
import { CERT_LEVEL_ZH } from '../../store/registry/vocabulary';

interface StoredDefinition {
  name: string;
  levels: (keyof typeof CERT_LEVEL_ZH)[];
  registrationWindow: { closes: string };
  examDates: Record<string, string>;
  timeZone: string;
}

async function loadExam(db: Db, params: Record<string, string>): Promise<Record<string, string>> {
  const c = await db.examCampaign.findUnique({ where: { id: params.campaignId ?? '' } });
  if (!c)
    throw new Error(
      `报考动员“${params.campaignId}”不存在 / exam campaign "${params.campaignId}" does not exist`,
    );
  const d = JSON.parse(c.definition) as StoredDefinition;
  const level = d.levels[0]!;
  const exams = Object.entries(d.examDates)
    .sort(([, a], [, b]) => a.localeCompare(b))
    .map(
      ([subject, at]) =>
        `${formatLocal(new Date(at), d.timeZone)} ${SUBJECT_ZH[subject] ?? subject}`,
    );
  return {
    campaignName: c.name,
    levelZh: CERT_LEVEL_ZH[level] ?? level,
    levelEn: level.replace(/_/g, ' '),
    windowCloses: formatLocal(new Date(d.registrationWindow.closes), d.timeZone),
    examSchedule: exams.join('\n'),
    senderName: c.createdBy,
  };
}

const examTemplate = loadedBy(loadExam);

export const examTemplates = [
  examTemplate(
    'exam-invitation',
    {
      'zh-CN': '【报考动员】欢迎报考{levelZh}职业水平考试',
      en: '[Exam] You are invited to sit the {levelEn} exam',
    },
    {
      'zh-CN': `{name}，您好：\n\n“{campaignName}”诚邀您报考{levelZh}职业水平考试，报名截止时间为{windowCloses}。报名后可参加线上精讲与线下冲刺辅导。\n考试安排：\n{examSchedule}\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\n"{campaignName}" invites you to register for the {levelEn} exam by {windowCloses}. Registered candidates may join online lectures and sprint classes.\nExams:\n{examSchedule}\n\n${FOOTER_EN}`,
    },
  ),
  examTemplate(
    'exam-reminder',
    {
      'zh-CN': '【提醒】考试报名将于{windowCloses}截止',
      en: '[Reminder] Exam registration closes {windowCloses}',
    },
    {
      'zh-CN': `{name}，您好：\n\n{levelZh}职业水平考试报名将于{windowCloses}截止，您尚未报名，请尽快完成报名。\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\nRegistration for the {levelEn} exam closes at {windowCloses} and you have not registered yet.\n\n${FOOTER_EN}`,
    },
  ),
  examTemplate(
    'exam-day-before',
    { 'zh-CN': '【考前提醒】明天考试，请做好准备', en: '[Exam tomorrow] Please be ready' },
    {
      'zh-CN': `{name}，您好：\n\n明天即将考试，请携带准考证和身份证，提前到达考场。\n考试安排：\n{examSchedule}\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\nYour exam is tomorrow: bring your admission ticket and ID card, and arrive early.\nExams:\n{examSchedule}\n\n${FOOTER_EN}`,
    },
  ),
  examTemplate(
    'exam-passed',
    {
      'zh-CN': '【恭喜】您已通过{levelZh}职业水平考试',
      en: '[Congratulations] You passed the {levelEn} exam',
    },
    {
      'zh-CN': `{name}，您好：\n\n恭喜您通过{levelZh}职业水平考试！证书信息已登记，持证奖励申请已提交，待协调员审核。请于取证后一年内完成登记。\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\nCongratulations on passing the {levelEn} exam! Your certificate is recorded and a certification reward application awaits the coordinator's review. Please register the certificate within a year.\n\n${FOOTER_EN}`,
    },
  ),
  examTemplate(
    'exam-failed',
    {
      'zh-CN': '【成绩通知】{levelZh}职业水平考试成绩',
      en: '[Results] Your {levelEn} exam results',
    },
    {
      'zh-CN': `{name}，您好：\n\n本次考试尚未全部通过。已通过的科目在规定年限内可保留，欢迎继续参加明年的考试与辅导。\n\n${FOOTER_ZH}`,
      en: `Dear {name},\n\nYou have not passed every subject this time. Subjects you passed carry over as the rules allow; you are welcome to sit again next year.\n\n${FOOTER_EN}`,
    },
  ),
];
