/**
 * The words of a pair's entries (session notes, topics and who recorded it, goal titles,
 * evaluation comments): kept in the database only, never in the workflow history. Each is written
 * after the workflow accepted the entry, so a refused entry leaves no words behind; nothing
 * given, nothing written.
 */
import type { Db } from '../db';

export async function keepSessionWords(
  db: Db,
  pairId: string,
  seq: number,
  words: { recordedBy: string; topics?: string[]; notes?: string },
) {
  await db.mentoringSession.update({
    where: { pairId_seq: { pairId, seq } },
    data: {
      recordedBy: words.recordedBy,
      ...(words.topics ? { topics: JSON.stringify(words.topics) } : {}),
      ...(words.notes ? { notes: words.notes } : {}),
    },
  });
}

export async function keepGoalTitle(db: Db, pairId: string, goalId: string, title?: string) {
  if (title)
    await db.mentoringGoal.update({
      where: { pairId_goalId: { pairId, goalId } },
      data: { title },
    });
}

export async function keepEvaluationComment(
  db: Db,
  pairId: string,
  stage: string,
  comment?: string,
) {
  if (comment)
    await db.mentoringEvaluation.update({
      where: { pairId_stage: { pairId, stage } },
      data: { comment },
    });
}
