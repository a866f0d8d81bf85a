/** The programs under way as GET /programs answers them, and their names in the console. */
export type ProgramKind = 'exam' | 'course' | 'census' | 'mentoring';

export interface ProgramSummary {
  kind: ProgramKind;
  id: string;
  title: string;
  status: string;
  createdBy: string;
  createdAt: string;
  counts: Record<string, number>;
  progress: { done: number; total: number; label: string };
}

export const KIND_NAMES: Record<ProgramKind, string> = {
  exam: '报考动员 / Exam campaign',
  course: '课程 / Course',
  census: '普查 / Census',
  mentoring: '督导带教 / Mentoring',
};

export const STATUS_NAMES: Record<string, string> = {
  running: '进行中 / running',
  paused: '已暂停 / paused',
  cancelled: '已取消 / cancelled',
  completed: '已完成 / completed',
  closed: '已结束 / closed',
  launching: '启动中 / launching',
};

export const statusName = (s: string) => STATUS_NAMES[s] ?? s;
