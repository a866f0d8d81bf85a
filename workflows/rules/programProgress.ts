/**
 * How far a running program has come, for the console's dashboard: from the counts by status the
 * database holds, the share of its people or units that have moved past the first step.
 */
export type ProgramKind = 'exam' | 'course' | 'census' | 'mentoring';

export interface Progress {
  done: number;
  total: number;
  /** 中文 / English: what `done` counts. */
  label: string;
}

/** Statuses of each kind that count as done (a journey past its invitation, a unit reported…). */
const DONE: Record<ProgramKind, string[]> = {
  // 报考动员：已报名、已出成绩或已结束的考生 / journeys past the invitation
  exam: ['registered', 'passed', 'failed', 'withdrawn', 'not_registered', 'cancelled'],
  // 课程：结业人数占在册人数 / completions among the enrolled (completions counted apart)
  course: ['completed'],
  // 普查：已报送单位 / units that reported (late or on time)
  census: ['reported', 'late'],
  // 带教：已完成或结束的结对 / pairs completed or closed
  mentoring: ['completed', 'closed'],
};

const LABELS: Record<ProgramKind, string> = {
  exam: '已推进考生 / journeys past invitation',
  course: '已结业 / completed',
  census: '已报送单位 / units reported',
  mentoring: '已结束结对 / pairs finished',
};

/** Statuses that do not count towards the total (a course's waitlist is not yet enrolled). */
const OUTSIDE: Partial<Record<ProgramKind, string[]>> = {
  course: ['waitlisted', 'withdrawn', 'cancelled'],
};

export function programProgress(kind: ProgramKind, counts: Record<string, number>): Progress {
  let done = 0;
  let total = 0;
  for (const [status, n] of Object.entries(counts)) {
    if (OUTSIDE[kind]?.includes(status)) continue;
    total += n;
    if (DONE[kind].includes(status)) done += n;
  }
  return { done, total, label: LABELS[kind] };
}
