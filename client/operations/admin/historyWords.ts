/**
 * The business words of a workflow's story: what each workflow type, activity, notice template,
 * signal and update means to a coordinator (zh first, English beside it). Pure data; history.ts
 * tells the story with them. An internal step without words here is left out of the story and
 * shown only with the steps (`yz history --steps`).
 */
import {
  NOTICE_STATUS,
  CENSUS_STATUS,
  MENTORING_STATUS,
  PARTICIPANT_STATUS,
  labelOf,
} from '../../../workflows/rules/vocabulary';

export const WORKFLOW_WORDS: Record<string, string> = {
  announcement: '通知公告 announcement',
  census: '人才普查 census',
  censusUnit: '单位名册报送 unit census',
  course: '课程 course',
  credits: '继续教育学分 CE credits',
  examMobilization: '报考动员 exam mobilization',
  examJourney: '个人报考进程 exam journey',
  mentoringProgram: '带教项目 mentoring program',
  mentoringPair: '带教结对 mentoring pair',
};

/** What a notice of this template tells its reader. */
export const NOTICE_WORDS: Record<string, string> = {
  'exam-invitation': '邀请 invited',
  'exam-reminder': '提醒 reminded',
  'exam-day-before': '考前提醒 reminded the day before the exam',
  'exam-passed': '通过 passed',
  'exam-failed': '未通过 failed',
  announcement: '通知 announcement',
  'census-request': '请报送名册 roster requested',
  'census-reminder': '催报 reminded',
  'census-escalation': '逾期上报 escalated',
  'census-report': '普查结果 census report',
  'course-reminder': '课前提醒 session reminder',
  'course-absence-warning': '缺勤提醒 absence warning',
  'course-completed': '结业 completed',
  'course-completion-revoked': '撤销结业 completion revoked',
  'course-promoted': '候补转正 promoted',
  'course-session-cancelled': '课次取消 session cancelled',
  'course-session-rescheduled': '课次改期 session rescheduled',
  'mentoring-start': '结对开始 pair started',
  'mentoring-proposal': '约谈建议 session proposed',
  'mentoring-reminder': '约谈提醒 session reminder',
  'mentoring-escalation': '上报协调员 escalated',
  'mentoring-inactivity': '未开展提醒 inactivity warning',
  'mentoring-evaluation-request': '请评估 evaluation requested',
  'mentoring-checklist': '清单提醒 checklist reminder',
  'mentoring-group': '集中活动通知 group notice',
  'mentoring-report': '项目总结 program report',
};

type Words = (input: unknown, result: unknown) => string;
/** A scalar field of a decoded value, as text ('' when absent). */
export const field = (v: unknown, key: string): string => {
  const x = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof x === 'string' || typeof x === 'number' ? String(x) : '';
};
const fixed =
  (words: string): Words =>
  () =>
    words;

/** Activities that change what a coordinator sees; `sendNotices` is told by its template. */
export const ACTIVITY_WORDS: Record<string, Words> = {
  countAudience: (_, n) => `统计对象 audience counted: ${String(n)} 人 people`,
  recordAnnouncementStatus: (i) => `状态 status: ${labelOf(NOTICE_STATUS, field(i, 'status'))}`,
  recordExamParticipant: (i) => labelOf(PARTICIPANT_STATUS, field(i, 'status')),
  registerExamJourney: fixed(labelOf(PARTICIPANT_STATUS, 'registered')),
  decideExamOutcome: (_, r) =>
    labelOf(PARTICIPANT_STATUS, (r as { passed?: boolean } | null)?.passed ? 'passed' : 'failed'),
  completeExamJourney: (_, r) => labelOf(PARTICIPANT_STATUS, typeof r === 'string' ? r : ''),
  startExamJourneys: fixed('开始个人报考进程 journeys started'),
  tellExamJourneys: fixed('已告知个人进程 journeys told'),
  closeExamParticipants: (i) =>
    `报名截止 registration closed → ${labelOf(PARTICIPANT_STATUS, field(i, 'to'))}`,
  recordCensusUnit: (i) => `单位状态 unit status: ${labelOf(CENSUS_STATUS, field(i, 'status'))}`,
  finishCensus: fixed('普查结束 census finished'),
  courseEnrolled: fixed('报名已记录 enrolment recorded'),
  courseSchedule: fixed('课程安排已记录 schedule recorded'),
  evaluateCourse: fixed('结课评定 course evaluated'),
  closeCourseSeries: fixed('课程结束 course closed'),
  reviewCreditClaim: fixed('学分申请已审核 credit claim reviewed'),
  recordMentoringPair: fixed('结对已建立 pair recorded'),
  recordMentoringSession: fixed('带教记录 session recorded'),
  recordMentoringGoal: fixed('目标进度 goal progress recorded'),
  recordMentoringEvaluation: fixed('评估已记录 evaluation recorded'),
  recordChecklistItem: fixed('清单项已记录 checklist item recorded'),
  recordPairStatus: (i) => `结对状态 pair status: ${labelOf(MENTORING_STATUS, field(i, 'status'))}`,
  recordMentorChange: fixed('更换导师 mentor changed'),
  recordMentorLeft: fixed('导师离开 mentor left'),
  recordMentoringMembers: fixed('新增成员 members added'),
  finishMentoringProgram: fixed('带教项目结束 program finished'),
};

/** Signals and updates as what happened. */
export const MESSAGE_WORDS: Record<string, string> = {
  examRegistered: '已报名 registered',
  examWithdraw: '退出 withdrew',
  examResultsPosted: '成绩已公布 results posted',
  examCampaignCancelled: '动员已取消 campaign cancelled',
  examCampaignPause: '暂停 paused',
  examCampaignResume: '继续 resumed',
  examCampaignCancel: '取消动员 cancel requested',
  examCampaignAdd: '追加人员 people added',
  examCampaignResults: '成绩已导入 results imported',
  censusSubmitted: '名册已报送 roster submitted',
  censusUnitStatus: '单位状态更新 unit status changed',
  courseSchedule: '课程安排变更 schedule changed',
  courseAttendance: '考勤已记录 attendance recorded',
  coursePromoted: '候补转正 promoted from the waiting list',
  courseClose: '结课 close requested',
  creditPosted: '学分入账 credit posted',
  creditWithdrawn: '学分撤销 credit withdrawn',
  reviewClaim: '审核学分申请 claim reviewed',
  logSession: '带教记录 session logged',
  setGoal: '设定目标进度 goal progress set',
  evaluate: '评估 evaluation',
  submitChecklist: '提交清单项 checklist item submitted',
  changeMentor: '更换导师 mentor changed',
  closePair: '结束结对 pair closed',
  mentoringPairStatus: '结对状态 pair status',
  pairMentee: '新增结对 mentee paired',
  mentorLeaves: '导师离开 mentor leaves',
  addMembers: '新增成员 members added',
};
