/**
 * Mentoring notices (督导孵化 / 一对一带教): values loaded from the ids in the params — the
 * program, the pair's mentee and mentor, a session's number and time.
 */
import type { Db } from '../../store/db';
import { formatLocal } from '../../workflows/rules/zonedTime';
import type { Locale, NoticeTemplate } from './templates';

const FOOTER_ZH = '—— {coordinatorName} · 雁阵 Yanzhen\n（本邮件由系统自动发送，请勿直接回复。）';
const FOOTER_EN =
  '— {coordinatorName} · Yanzhen\n(This message was sent automatically; please do not reply.)';

/** Why a pair closed, in words (the workflow carries the code). */
const CLOSED_REASONS: Record<string, [string, string]> = {
  inactive: ['长期未开展带教', 'no session for a long time'],
  not_qualified: ['结业评估未达标', 'the final evaluation is below the pass score'],
  checklist_incomplete: ['评审材料未按期提交', 'review materials not submitted by the deadline'],
  coordinator: ['项目协调人关闭', 'closed by the coordinator'],
};

async function loadMentoring(
  db: Db,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const program = await db.mentoringProgram.findUnique({ where: { id: params.programId ?? '' } });
  if (!program)
    throw new Error(
      `督导项目“${params.programId}”不存在 / mentoring program "${params.programId}" does not exist`,
    );
  const pair = params.pairId
    ? await db.mentoringPair.findUnique({ where: { id: params.pairId } })
    : null;
  if (params.pairId && !pair)
    throw new Error(
      `督导结对“${params.pairId}”不存在 / mentoring pair "${params.pairId}" does not exist`,
    );
  const ids = [program.coordinatorId, pair?.menteeId, pair?.mentorId].filter(Boolean) as string[];
  const people = await db.person.findMany({ where: { id: { in: ids } } });
  const nameOf = (id?: string) => people.find((p) => p.id === id)?.name ?? id ?? '';
  const at = params.at ? formatLocal(new Date(params.at), program.timeZone) : '';
  return {
    programId: program.id,
    programTitle: program.title,
    pairId: params.pairId ?? '',
    menteeName: nameOf(pair?.menteeId),
    mentorName: nameOf(pair?.mentorId),
    coordinatorName: nameOf(program.coordinatorId),
    seq: params.seq ?? '',
    at,
    stage: params.stage === 'final' ? '结业' : '中期',
    stageEn: params.stage ?? '',
    closeAt: params.closeAt ? formatLocal(new Date(params.closeAt), program.timeZone) : '',
    reason: CLOSED_REASONS[params.reason ?? '']?.[0] ?? params.reason ?? '',
    reasonEn: CLOSED_REASONS[params.reason ?? '']?.[1] ?? params.reason ?? '',
    outstanding: params.outstanding ?? '',
    // A cancellation's reason is the coordinator's words, read here, never carried by the workflow.
    cancelReasonZh: program.cancelReason ? `\n原因：${program.cancelReason}` : '',
    cancelReasonEn: program.cancelReason ? `\nReason: ${program.cancelReason}` : '',
  };
}

/** The program's closing report also counts its pairs by status (one scan of the program). */
async function loadMentoringReport(
  db: Db,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const values = await loadMentoring(db, params);
  const pairs = await db.mentoringPair.groupBy({
    by: ['status'],
    where: { programId: values.programId! },
    _count: true,
  });
  const count = (s: string) => String(pairs.find((p) => p.status === s)?._count ?? 0);
  return {
    ...values,
    active: count('active'),
    atRisk: count('at_risk'),
    completed: count('completed'),
    closed: count('closed'),
  };
}

const t = (
  key: string,
  subject: Record<Locale, string>,
  zh: string,
  en: string,
): NoticeTemplate => ({
  key: `mentoring-${key}`,
  load: key === 'report' ? loadMentoringReport : loadMentoring,
  subject,
  body: {
    'zh-CN': `{name}，您好：\n\n${zh}\n\n${FOOTER_ZH}`,
    en: `Dear {name},\n\n${en}\n\n${FOOTER_EN}`,
  },
});

const LOG_HINT = 'npm run yz -- mentoring log {pairId} --status held --minutes 60';

export const mentoringTemplates: NoticeTemplate[] = [
  t(
    'start',
    {
      'zh-CN': '【督导带教】{menteeName}与{mentorName}结对',
      en: '[Mentoring] {menteeName} and {mentorName} are paired',
    },
    '“{programTitle}”中，{menteeName}（学员）与{mentorName}（导师）已结对，系统将按计划提出每次带教时间并提前提醒。',
    'In "{programTitle}", {menteeName} (trainee) and {mentorName} (mentor) are now paired. Session times will be proposed by plan, with reminders.',
  ),
  t(
    'proposal',
    {
      'zh-CN': '【带教安排】第{seq}次一对一带教：{at}',
      en: '[Session] One-on-one session {seq}: {at}',
    },
    '“{programTitle}”：{menteeName}与{mentorName}的第{seq}次一对一带教拟定于{at}。如需改期，请记录为改期（rescheduled）。\n记录方式：' +
      LOG_HINT,
    '"{programTitle}": session {seq} of {menteeName} with {mentorName} is proposed for {at}. To move it, log it as rescheduled.\nTo log: ' +
      LOG_HINT,
  ),
  t(
    'reminder',
    {
      'zh-CN': '【提醒】第{seq}次一对一带教将于{at}进行',
      en: '[Reminder] Session {seq} is at {at}',
    },
    '“{programTitle}”：{menteeName}与{mentorName}的第{seq}次一对一带教将于{at}进行。',
    '"{programTitle}": session {seq} of {menteeName} with {mentorName} is at {at}.',
  ),
  t(
    'escalation',
    {
      'zh-CN': '【预警】{menteeName}连续两次缺席带教',
      en: '[At risk] {menteeName} missed two sessions in a row',
    },
    '“{programTitle}”：{menteeName}与{mentorName}的带教连续两次未举行（至第{seq}次），请跟进。',
    '"{programTitle}": {menteeName} and {mentorName} have missed two sessions in a row (up to session {seq}). Please follow up.',
  ),
  t(
    'inactivity',
    {
      'zh-CN': '【预警】{menteeName}的带教长期未开展',
      en: '[Inactive] No session for {menteeName} for a long time',
    },
    '“{programTitle}”：{menteeName}与{mentorName}已长期没有带教记录。如{closeAt}前仍无记录，结对将关闭。',
    '"{programTitle}": {menteeName} and {mentorName} have logged no session for a long time. Without one by {closeAt}, the pair will be closed.',
  ),
  t(
    'evaluation-request',
    {
      'zh-CN': '【评估】请完成{menteeName}的{stage}评估',
      en: '[Evaluation] Please evaluate {menteeName} ({stageEn})',
    },
    '“{programTitle}”：请导师{mentorName}完成对{menteeName}的{stage}评估。\n方式：npm run yz -- mentoring evaluate {pairId} --stage {stageEn} …',
    '"{programTitle}": {mentorName}, please submit the {stageEn} evaluation of {menteeName}.\nHow: npm run yz -- mentoring evaluate {pairId} --stage {stageEn} …',
  ),
  t(
    'completed',
    { 'zh-CN': '【结业】{menteeName}完成带教', en: '[Completed] {menteeName} completed mentoring' },
    '“{programTitle}”：{menteeName}已完成与{mentorName}的带教。',
    '"{programTitle}": {menteeName} has completed mentoring with {mentorName}.',
  ),
  t(
    'closed',
    {
      'zh-CN': '【结对关闭】{menteeName}的带教已关闭',
      en: '[Closed] The pair of {menteeName} is closed',
    },
    '“{programTitle}”：{menteeName}与{mentorName}的结对已关闭（原因：{reason}）。',
    '"{programTitle}": the pair of {menteeName} with {mentorName} is closed (reason: {reasonEn}).',
  ),
  t(
    'checklist',
    { 'zh-CN': '【提醒】请提交高级评审材料', en: '[Reminder] Review materials outstanding' },
    '“{programTitle}”：以下评审材料尚未提交：{outstanding}。',
    '"{programTitle}": these review materials are still outstanding: {outstanding}.',
  ),
  t(
    'group',
    { 'zh-CN': '【小组督导】{at}', en: '[Group supervision] {at}' },
    '“{programTitle}”本月小组督导将于{at}举行，请准时参加。',
    'The monthly group supervision of "{programTitle}" is at {at}.',
  ),
  t(
    'cancelled',
    { 'zh-CN': '【项目取消】{programTitle}', en: '[Program cancelled] {programTitle}' },
    '“{programTitle}”已整体取消：各结对随之关闭，后续带教与小组督导不再进行。已记录的带教保留。{cancelReasonZh}',
    '"{programTitle}" is cancelled as a whole: its pairs are closed and no further sessions or group supervision will take place. Sessions already logged are kept.{cancelReasonEn}',
  ),
  t(
    'report',
    { 'zh-CN': '【项目结束】{programTitle}', en: '[Program ended] {programTitle}' },
    '“{programTitle}”已结束：结业{completed}对，关闭{closed}对，进行中{active}对，预警{atRisk}对。\n详细报表：npm run yz -- mentoring report {programId}',
    '"{programTitle}" has ended: {completed} pairs completed, {closed} closed, {active} active, {atRisk} at risk.\nDetails: npm run yz -- mentoring report {programId}',
  ),
];
