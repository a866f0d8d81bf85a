/**
 * Notices of course series (课程系列) and continuing-education ledgers (继续教育学时), zh-CN
 * first with English beside. Values are loaded from the ids in the params.
 */
import type { Db } from '../../store/db';
import type { Locale, NoticeTemplate } from './templates';
import { FOOTER_EN, FOOTER_ZH } from './footer';
import { formatLocal } from '../../workflows/rules/zonedTime';
import { CERT_LEVEL_ZH } from '../../store/registry/vocabulary';

export const hours = (tenths: number | string) => (Number(tenths) / 10).toString();

async function loadCourse(db: Db, params: Record<string, string>): Promise<Record<string, string>> {
  const s = await db.courseSeries.findUnique({ where: { id: params.seriesId ?? '' } });
  if (!s)
    throw new Error(
      `课程系列“${params.seriesId}”不存在 / course series "${params.seriesId}" does not exist`,
    );
  const values: Record<string, string> = {
    seriesId: s.id,
    seriesTitle: s.title,
    senderName: s.createdBy,
    offset: params.offset ?? '',
    streak: params.streak ?? '',
    hours: params.hoursTenths ? hours(params.hoursTenths) : '',
    minHours: hours(s.minTenths),
    position: params.position ?? '',
    reasonZh: s.cancelReason ? `\n原因：${s.cancelReason}` : '',
    reasonEn: s.cancelReason ? `\nReason: ${s.cancelReason}` : '',
  };
  if (params.sessionId) {
    const x = await db.courseSession.findUnique({
      where: { seriesId_sessionId: { seriesId: s.id, sessionId: params.sessionId } },
    });
    if (!x)
      throw new Error(
        `课程“${s.id}”的课次“${params.sessionId}”不存在 / session "${params.sessionId}" of course "${s.id}" does not exist`,
      );
    Object.assign(values, {
      sessionId: x.sessionId,
      sessionTitle: x.title,
      startsAt: formatLocal(x.startsAt, s.timeZone),
      endsAt: formatLocal(x.endsAt, s.timeZone),
      where: x.mode === 'online' ? `${x.link ?? ''}` : `${x.place ?? ''}`,
      mode: x.mode === 'online' ? '线上 / online' : '线下 / offline',
      teacher: x.teacher,
    });
  }
  if (params.personId) {
    const p = await db.person.findUnique({ where: { id: params.personId } });
    values.absentName = p ? `${p.name}（${p.id}）` : params.personId;
  }
  return values;
}

function loadLedger(_db: Db, params: Record<string, string>): Promise<Record<string, string>> {
  const level = params.level ?? '';
  return Promise.resolve({
    levelZh: (CERT_LEVEL_ZH as Record<string, string>)[level] ?? level,
    level,
    periodEnd: formatLocal(new Date(params.periodEnd ?? 0), 'Asia/Shanghai').slice(0, 10),
    earned: hours(params.earnedTenths ?? 0),
    required: hours(params.requiredTenths ?? 0),
    personId: params.personId ?? '',
    senderName: '社会工作部 / Social Work Department',
  });
}

const t = (
  key: string,
  load: NoticeTemplate['load'],
  subject: Record<Locale, string>,
  zh: string,
  en: string,
): NoticeTemplate => ({
  key,
  load,
  subject,
  body: {
    'zh-CN': `{name}，您好：\n\n${zh}\n\n${FOOTER_ZH}`,
    en: `Dear {name},\n\n${en}\n\n${FOOTER_EN}`,
  },
});

const SESSION_ZH =
  '课程：{seriesTitle}·{sessionTitle}\n时间：{startsAt}–{endsAt}\n方式：{mode} {where}\n授课：{teacher}';
const SESSION_EN =
  'Course: {seriesTitle} · {sessionTitle}\nTime: {startsAt}–{endsAt}\nMode: {mode} {where}\nTeacher: {teacher}';

export const courseTemplates: NoticeTemplate[] = [
  t(
    'course-reminder',
    loadCourse,
    {
      'zh-CN': '【上课提醒】{sessionTitle}将于{startsAt}开始',
      en: '[Class reminder] {sessionTitle} starts {startsAt}',
    },
    `您报名的课程即将开始：\n${SESSION_ZH}`,
    `A session you are enrolled in is coming up:\n${SESSION_EN}`,
  ),
  t(
    'course-session-rescheduled',
    loadCourse,
    {
      'zh-CN': '【课程调整】{sessionTitle}改至{startsAt}',
      en: '[Rescheduled] {sessionTitle} moves to {startsAt}',
    },
    `您报名的课程时间或地点已调整，新安排如下：\n${SESSION_ZH}`,
    `A session you are enrolled in has been rescheduled:\n${SESSION_EN}`,
  ),
  t(
    'course-session-cancelled',
    loadCourse,
    {
      'zh-CN': '【课程取消】{sessionTitle}（原定{startsAt}）取消',
      en: '[Cancelled] {sessionTitle} ({startsAt}) is cancelled',
    },
    `以下课程已取消，请勿前往：\n${SESSION_ZH}`,
    `This session has been cancelled:\n${SESSION_EN}`,
  ),
  t(
    'course-promoted',
    loadCourse,
    {
      'zh-CN': '【报名成功】您已从候补转为正式学员：{seriesTitle}',
      en: '[Enrolled] You moved up from the waitlist: {seriesTitle}',
    },
    '有学员退出，您已由候补转为“{seriesTitle}”的正式学员。',
    'A place opened: you are now enrolled in "{seriesTitle}".',
  ),
  t(
    'course-enrolled',
    loadCourse,
    {
      'zh-CN': '【报名成功】{seriesTitle}',
      en: '[Enrolled] {seriesTitle}',
    },
    '报名成功：您已是“{seriesTitle}”的正式学员，课前将另行提醒。',
    'You are enrolled in "{seriesTitle}"; you will be reminded before each session.',
  ),
  t(
    'course-waitlisted',
    loadCourse,
    {
      'zh-CN': '【候补】{seriesTitle}：候补第 {position} 位',
      en: '[Waitlist] {seriesTitle}: number {position} on the waitlist',
    },
    '“{seriesTitle}”名额已满，您目前为候补第 {position} 位；有名额空出时将按顺序递补并通知您。',
    '"{seriesTitle}" is full: you are number {position} on the waitlist. When a place opens, the waitlist moves up in order and you will be told.',
  ),
  t(
    'course-withdrawn',
    loadCourse,
    {
      'zh-CN': '【已退出】{seriesTitle}',
      en: '[Withdrawn] {seriesTitle}',
    },
    '您已退出“{seriesTitle}”，不会再收到该课程的上课提醒。如有误，请联系课程协调员。',
    'You have withdrawn from "{seriesTitle}" and will get no more reminders for it. If this is a mistake, please contact the course coordinator.',
  ),
  t(
    'course-cancelled',
    loadCourse,
    {
      'zh-CN': '【课程取消】“{seriesTitle}”整体取消',
      en: '[Cancelled] {seriesTitle} is cancelled',
    },
    '“{seriesTitle}”已整体取消，后续场次均不再举行，您的报名（含候补）随之取消。{reasonZh}',
    '"{seriesTitle}" is cancelled as a whole: none of its remaining sessions will take place, and your enrolment (or place on the waitlist) ends with it.{reasonEn}',
  ),
  t(
    'course-absence-warning',
    loadCourse,
    {
      'zh-CN': '【缺勤预警】{absentName}已连续缺勤{streak}次',
      en: '[Absences] {absentName}: {streak} absences in a row',
    },
    '“{seriesTitle}”中，学员{absentName}已连续缺勤{streak}次，请跟进。',
    'In "{seriesTitle}", {absentName} has been absent {streak} sessions in a row. Please follow up.',
  ),
  t(
    'course-completed',
    loadCourse,
    {
      'zh-CN': '【结业】您已完成“{seriesTitle}”，计{hours}学时',
      en: '[Completed] {seriesTitle}: {hours} class hours',
    },
    '恭喜！您已完成“{seriesTitle}”，计入继续教育{hours}学时。结业证书（PDF）可向课程协调员领取。',
    'Congratulations: you completed "{seriesTitle}"; {hours} class hours are credited to your continuing education. Your completion certificate (PDF) is available from the course coordinator.',
  ),
  t(
    'course-completion-revoked',
    loadCourse,
    {
      'zh-CN': '【结业撤销】“{seriesTitle}”的结业已撤销',
      en: '[Completion revoked] {seriesTitle}',
    },
    '因出勤记录更正，您在“{seriesTitle}”的出勤已不满足结业要求（{minHours}学时及必修场次），结业记录与结业证书已撤销，已计入继续教育的{hours}学时同时撤回。如有疑问，请联系课程协调员。',
    'After a correction of the attendance records, your attendance in "{seriesTitle}" no longer meets its completion criteria ({minHours} class hours and any required sessions). Your completion and its certificate are revoked and the {hours} continuing-education hours withdrawn. Please contact the course coordinator with any question.',
  ),
  t(
    'ce-behind',
    loadLedger,
    {
      'zh-CN': '【继续教育】学时进度落后：已完成{earned}/{required}学时',
      en: '[CE] Behind pace: {earned} of {required} hours',
    },
    '您的{levelZh}登记有效期至{periodEnd}，继续教育已完成{earned}学时，需{required}学时，进度落后，请合理安排学习。',
    'Your registration runs until {periodEnd}; you have {earned} of the {required} continuing-education hours needed, behind pace.',
  ),
  t(
    'ce-deadline',
    loadLedger,
    {
      'zh-CN': '【继续教育】{periodEnd}前需完成{required}学时，尚差学时',
      en: '[CE] {required} hours due by {periodEnd}',
    },
    '您的{levelZh}登记有效期至{periodEnd}，继续教育已完成{earned}学时，需{required}学时，请尽快补足。',
    'Your registration ends {periodEnd}; you have {earned} of {required} continuing-education hours. Please complete them in time.',
  ),
  t(
    'ce-renewal',
    loadLedger,
    {
      'zh-CN': '【续期登记】{levelZh}登记续期窗口已开放',
      en: '[Renewal] Your registration can now be renewed',
    },
    '您的{levelZh}登记将于{periodEnd}到期，现可办理续期登记（已完成继续教育{earned}/{required}学时）。',
    'Your registration expires {periodEnd}; renewal is now open ({earned} of {required} CE hours).',
  ),
  t(
    'ce-period-compliant',
    loadLedger,
    {
      'zh-CN': '【继续教育】本登记周期已达标（{earned}学时）',
      en: '[CE] Period complete: {earned} hours',
    },
    '本登记周期（至{periodEnd}）继续教育{earned}学时，已达到{required}学时要求。',
    'This registration period (to {periodEnd}): {earned} hours, meeting the {required} required.',
  ),
  t(
    'ce-period-not-compliant',
    loadLedger,
    {
      'zh-CN': '【继续教育】本登记周期未达标（{earned}/{required}学时）',
      en: '[CE] Period ended short: {earned} of {required} hours',
    },
    '本登记周期（至{periodEnd}）继续教育仅{earned}学时，未达到{required}学时要求，请联系社会工作部。',
    'This registration period (to {periodEnd}) ended with {earned} of the {required} hours required. Please contact the department.',
  ),
];
