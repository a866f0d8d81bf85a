/**
 * Facts cannot precede what they are about: attendance before its session starts, exam results
 * before the exam day, a mentoring session held before its time, a completion before the
 * course's last session ends. An admin may still record one late or early on purpose (补录,
 * backfill): the caller records it as a backfill by the actor.
 */
import { InputError } from '../../common/errors';
import { formatZonedNamed } from './zonedTime';

/** Words in both languages, Chinese first. */
export interface Words {
  zh: string;
  en: string;
}

export interface FactTiming {
  /** What is being recorded, e.g. { zh: '场次 s1 的考勤', en: 'attendance of session s1' }. */
  fact: Words;
  /** What it is about, e.g. { zh: '该场次开始', en: 'the session starts' }. */
  about: Words;
  /** When that happens. */
  at: Date;
  /** Now (epoch ms or Date). */
  now: Date;
  timeZone: string;
  /** An explicit backfill: recorded anyway, as a backfill. */
  backfill?: boolean;
  /** How long before `at` the fact is still accepted (check-in opens early), in ms. */
  earlyMs?: number;
}

/** Refuses (InputError, 400) a fact recorded before `at`, naming the time; a backfill passes. */
export function checkNotEarly(t: FactTiming): void {
  if (t.backfill || t.now.getTime() >= t.at.getTime() - (t.earlyMs ?? 0)) return;
  const when = formatZonedNamed(t.at, t.timeZone);
  throw new InputError(
    `${t.fact.zh}不能早于${t.about.zh}（${when}）；管理员确需补录请加 --backfill（API：backfill: true）/ ` +
      `${t.fact.en} cannot be recorded before ${t.about.en} (${when}); an admin may backfill with --backfill (API: backfill: true)`,
  );
}

/** Refuses a fact dated after now (a log of the future). */
export function checkNotFuture(fact: Words, at: Date, now: Date, timeZone: string): void {
  if (at.getTime() <= now.getTime()) return;
  throw new InputError(
    `${fact.zh}的时间 ${formatZonedNamed(at, timeZone)} 尚未到来 / ${fact.en} is dated in the future`,
  );
}

/** How a backfilled record names its source: "import" → "import-backfill". */
export function backfillSource(source: string, backfill: boolean | undefined): string {
  return backfill ? `${source}-backfill` : source;
}
