/**
 * 个人信息删除 / Erasing a person: every personal field tied to them is anonymised in one
 * transaction, while the rows stay, so counts, funnels, ledgers and reports keep adding up (a
 * person erased is still one participant, one completion, so many hours). What goes: the name,
 * the ID-card hash and mask, every contact, certificate numbers, the rendered subject and address
 * of their notices (pending ones are cancelled: there is no one to send them to), and the free
 * text written about them (withdrawal and closure reasons, review notes, evidence, session notes,
 * evaluation comments, reward reasons). The erasure itself is a PersonErasure row with who, when
 * and how many of each (counts only), and one audit row (who, when, the person's id and those
 * counts), written in the same transaction: no erasure goes unaudited.
 */
import { NotFound } from '../../common/errors';
import { recordAudit, type AuditEntry } from '../audit';
import { writeTransaction, type Db } from '../db';

/** What an erased person's name becomes: readable in lists, and says why. */
export const ERASED_NAME = '（已删除）/ (erased)';
/** What required free text (evidence of a claim) becomes. */
export const ERASED_TEXT = '（已删除）/ (erased)';

export interface ErasureSummary {
  contacts: number;
  certificates: number;
  trainingRecords: number;
  notices: number;
  noticesCancelled: number;
  creditClaims: number;
  examParticipants: number;
  examCompletions: number;
  rewardDecisions: number;
  courseCompletions: number;
  mentoringPairs: number;
  mentoringSessions: number;
  mentoringEvaluations: number;
}

export interface Erasure {
  personId: string;
  erasureId: number;
  erasedBy: string;
  erasedAt: string;
  /** The keys of the person's notices: their stored mails are found by these (Message-ID). */
  noticeKeys: string[];
  summary: ErasureSummary;
}

/**
 * Anonymises person `personId` everywhere in the database and records the erasure, done by the
 * account `by.actor` (from `by.ip` over HTTP). Erasing an erased person again changes nothing
 * more and records the second request too.
 */
export async function erasePerson(
  db: Db,
  personId: string,
  by: Pick<AuditEntry, 'actor' | 'ip'>,
): Promise<Erasure> {
  const erasedBy = by.actor.username;
  return writeTransaction(db, async (tx) => {
    const person = await tx.person.findUnique({ where: { id: personId }, select: { id: true } });
    if (!person) throw new NotFound(`没有人员“${personId}” / no person "${personId}"`);
    const notices = await tx.notice.findMany({ where: { personId }, select: { key: true } });

    await tx.person.update({
      where: { id: personId },
      data: { name: ERASED_NAME, idCardHash: null, idCardMasked: null },
    });
    const mine = { personId };
    const pairs = await tx.mentoringPair.findMany({
      where: { OR: [{ menteeId: personId }, { mentorId: personId }] },
      select: { id: true, menteeId: true },
    });
    const menteePairs = pairs.filter((p) => p.menteeId === personId).map((p) => p.id);
    const summary: ErasureSummary = {
      contacts: (await tx.contactChannel.deleteMany({ where: mine })).count,
      certificates: (
        await tx.certificate.updateMany({
          where: { ...mine, number: { not: null } },
          data: { number: null },
        })
      ).count,
      trainingRecords: (
        await tx.trainingRecord.updateMany({
          where: { ...mine, evidence: { not: null } },
          data: { evidence: null },
        })
      ).count,
      noticesCancelled: (
        await tx.notice.updateMany({
          where: { ...mine, status: 'pending' },
          data: { status: 'cancelled' },
        })
      ).count,
      notices: (
        await tx.notice.updateMany({
          where: mine,
          data: { subject: null, toAddress: null, lastError: null },
        })
      ).count,
      creditClaims: (
        await tx.creditClaim.updateMany({
          where: mine,
          data: { evidence: ERASED_TEXT, reviewNote: null },
        })
      ).count,
      examParticipants: (
        await tx.examParticipant.updateMany({
          where: { ...mine, withdrawnReason: { not: null } },
          data: { withdrawnReason: null },
        })
      ).count,
      examCompletions: (
        await tx.examCompletion.updateMany({
          where: { ...mine, reason: { not: null } },
          data: { reason: null },
        })
      ).count,
      rewardDecisions: (
        await tx.rewardDecision.updateMany({
          where: { ...mine, reason: { not: null } },
          data: { reason: null },
        })
      ).count,
      courseCompletions: (
        await tx.courseCompletion.updateMany({
          where: { ...mine, revokedReason: { not: null } },
          data: { revokedReason: null },
        })
      ).count,
      // Notes about the mentee live on their pair; a mentor's own words there are about the mentee.
      mentoringPairs: (
        await tx.mentoringPair.updateMany({
          where: { id: { in: menteePairs }, closedNote: { not: null } },
          data: { closedNote: null },
        })
      ).count,
      mentoringSessions: (
        await tx.mentoringSession.updateMany({
          where: { pairId: { in: menteePairs }, notes: { not: null } },
          data: { notes: null },
        })
      ).count,
      mentoringEvaluations: (
        await tx.mentoringEvaluation.updateMany({
          where: { pairId: { in: menteePairs }, comment: { not: null } },
          data: { comment: null },
        })
      ).count,
    };
    const row = await tx.personErasure.create({
      data: { personId, erasedBy, summary: JSON.stringify(summary) },
    });
    await recordAudit(tx, {
      ...by,
      action: 'person.erase',
      targets: [personId],
      after: { erasureId: row.id, summary },
    });
    return {
      personId,
      erasureId: row.id,
      erasedBy,
      erasedAt: row.erasedAt.toISOString(),
      noticeKeys: notices.map((n) => n.key),
      summary,
    };
  });
}
