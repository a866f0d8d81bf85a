/**
 * Merging two records of one person (合并重复人员): every row of the merged record's history moves
 * to the kept one — certificates, exam results, training, contacts, specialties, notices, course
 * enrolments, attendance and completions, credit claims and CE outcomes, exam participation and
 * rewards, mentoring, cohorts, stays and changes — then the merged record is deleted. Where both
 * records hold the same keyed fact (both enrolled in one series, both in one campaign …) nothing
 * is merged and the clash is named: a coordinator decides which record is right first.
 */
import type { Db, Tx } from '../../db';
import { writeTransaction } from '../../db';
import { Conflict, InputError } from '../../../common/errors';
import { RegistryError } from '../subtree';
import { staysToMerge } from '../../../workflows/rules/stays';
import { staysOf } from './lifecycle';

export interface MergeResult {
  keptId: string;
  mergedId: string;
  /** Rows moved, by table. */
  moved: Record<string, number>;
}

/** Keyed facts both records may not hold: the table, its key column and a readable name. */
async function clashes(tx: Tx, keep: string, gone: string): Promise<string[]> {
  const both = async (what: string, rows: (id: string) => Promise<string[]>): Promise<string[]> => {
    const [a, b] = await Promise.all([rows(keep), rows(gone)]);
    const shared = a.filter((k) => b.includes(k));
    return shared.length ? [`${what}: ${shared.join(', ')}`] : [];
  };
  const out = await Promise.all([
    both('课程 course series', async (id) =>
      (
        await tx.courseEnrolment.findMany({ where: { personId: id }, select: { seriesId: true } })
      ).map((r) => r.seriesId),
    ),
    both('课程完成 course completion', async (id) =>
      (
        await tx.courseCompletion.findMany({ where: { personId: id }, select: { seriesId: true } })
      ).map((r) => r.seriesId),
    ),
    both('考场签到 attendance', async (id) =>
      (
        await tx.courseAttendance.findMany({
          where: { personId: id },
          select: { seriesId: true, sessionId: true },
        })
      ).map((r) => `${r.seriesId}/${r.sessionId}`),
    ),
    both('报考动员 exam campaign', async (id) =>
      (
        await tx.examParticipant.findMany({ where: { personId: id }, select: { campaignId: true } })
      ).map((r) => r.campaignId),
    ),
    both('考试完成 exam completion', async (id) =>
      (
        await tx.examCompletion.findMany({ where: { personId: id }, select: { campaignId: true } })
      ).map((r) => r.campaignId),
    ),
    both('奖励申请 reward application', async (id) =>
      (
        await tx.rewardApplication.findMany({
          where: { personId: id },
          select: { campaignId: true },
        })
      ).map((r) => r.campaignId),
    ),
    both('继续教育周期 CE period', async (id) =>
      (
        await tx.cePeriodOutcome.findMany({
          where: { personId: id },
          select: { level: true, periodStart: true },
        })
      ).map((r) => `${r.level}@${r.periodStart.toISOString().slice(0, 10)}`),
    ),
    both('带教项目 mentoring program', async (id) =>
      (
        await tx.mentoringMember.findMany({
          where: { personId: id },
          select: { programId: true, role: true },
        })
      ).map((r) => `${r.programId}/${r.role}`),
    ),
    both('带教对子 mentoring pair (mentee)', async (id) =>
      (
        await tx.mentoringPair.findMany({ where: { menteeId: id }, select: { programId: true } })
      ).map((r) => r.programId),
    ),
    both('培养梯队 cohort', async (id) =>
      (await tx.cohortMember.findMany({ where: { personId: id }, select: { cohortId: true } })).map(
        (r) => r.cohortId,
      ),
    ),
  ]);
  return out.flat();
}

/**
 * What the merged record is still in that a running workflow holds by its id: an exam journey
 * not yet decided, a course enrolment not yet finished. Its id would live on in those histories.
 */
async function openWork(tx: Tx, gone: string): Promise<string[]> {
  const [journeys, enrolments] = await Promise.all([
    tx.examParticipant.findMany({
      where: { personId: gone, status: { in: ['invited', 'registered'] } },
      select: { campaignId: true },
    }),
    tx.courseEnrolment.findMany({
      where: {
        personId: gone,
        status: { in: ['enrolled', 'waitlisted', 'in_progress', 'behind'] },
      },
      select: { seriesId: true },
    }),
  ]);
  return [
    ...journeys.map((j) => `报考动员 exam campaign ${j.campaignId}`),
    ...enrolments.map((e) => `课程 course series ${e.seriesId}`),
  ];
}

export async function mergePeople(
  db: Db,
  input: { keepId: string; mergeId: string; on: Date; by: string },
): Promise<MergeResult> {
  const keep = input.keepId.trim();
  const gone = input.mergeId.trim();
  if (keep === gone)
    throw new InputError(`不能把 ${keep} 合并到自身 / cannot merge ${keep} into itself`);
  return writeTransaction(db, async (tx) => {
    const [k, g] = await Promise.all([
      tx.person.findUnique({ where: { id: keep } }),
      tx.person.findUnique({ where: { id: gone } }),
    ]);
    if (!k) throw new RegistryError(`未知人员编号 / unknown person id: ${keep}`);
    if (!g) throw new RegistryError(`未知人员编号 / unknown person id: ${gone}`);
    const open = await openWork(tx, gone);
    if (open.length)
      throw new Conflict(
        `${gone} 仍在进行中的流程里，请待其结束或先退出 / ${gone} is still in running work: ${open.join('; ')} — wait for it to end or withdraw first`,
      );
    const clash = await clashes(tx, keep, gone);
    if (clash.length)
      throw new Conflict(
        `两条记录都有以下记录，请先处理 / both records hold these, resolve them first: ${clash.join('; ')}`,
      );
    const moved: Record<string, number> = {};
    const count = (table: string, n: number) => {
      if (n) moved[table] = (moved[table] ?? 0) + n;
    };
    const where = { personId: gone };
    const to = { personId: keep };

    // Facts keyed by person and something else: the kept record's wins, the rest moves.
    const keptLevels = new Set(
      (await tx.certificate.findMany({ where: to, select: { level: true } })).map((c) => c.level),
    );
    for (const c of await tx.certificate.findMany({ where }))
      if (!keptLevels.has(c.level)) {
        await tx.certificate.update({ where: { id: c.id }, data: to });
        count('certificates', 1);
      }
    const keptResults = new Set(
      (
        await tx.examSubjectResult.findMany({
          where: to,
          select: { examYear: true, subject: true },
        })
      ).map((r) => `${r.examYear}/${r.subject}`),
    );
    for (const r of await tx.examSubjectResult.findMany({ where }))
      if (!keptResults.has(`${r.examYear}/${r.subject}`)) {
        await tx.examSubjectResult.update({ where: { id: r.id }, data: to });
        count('examResults', 1);
      }
    const keptContacts = new Set(
      (await tx.contactChannel.findMany({ where: to, select: { kind: true, value: true } })).map(
        (c) => `${c.kind}/${c.value}`,
      ),
    );
    for (const c of await tx.contactChannel.findMany({ where }))
      if (!keptContacts.has(`${c.kind}/${c.value}`)) {
        await tx.contactChannel.update({ where: { id: c.id }, data: { ...to, isPrimary: false } });
        count('contacts', 1);
      }
    const keptSpecialties = new Set(
      (await tx.personSpecialty.findMany({ where: to, select: { specialty: true } })).map(
        (s) => s.specialty,
      ),
    );
    for (const s of await tx.personSpecialty.findMany({ where }))
      if (!keptSpecialties.has(s.specialty)) {
        await tx.personSpecialty.create({ data: { personId: keep, specialty: s.specialty } });
        count('specialties', 1);
      }
    const keptQualifications = new Set(
      (await tx.personQualification.findMany({ where: to, select: { kind: true } })).map(
        (q) => q.kind,
      ),
    );
    for (const q of await tx.personQualification.findMany({ where }))
      if (!keptQualifications.has(q.kind)) {
        await tx.personQualification.update({
          where: { personId_kind: { personId: gone, kind: q.kind } },
          data: to,
        });
        count('qualifications', 1);
      }

    // Facts with no clash possible (checked above), moved whole.
    count('training', (await tx.trainingRecord.updateMany({ where, data: to })).count);
    count('notices', (await tx.notice.updateMany({ where, data: to })).count);
    count('courseEnrolments', (await tx.courseEnrolment.updateMany({ where, data: to })).count);
    count('courseAttendance', (await tx.courseAttendance.updateMany({ where, data: to })).count);
    count('courseCompletions', (await tx.courseCompletion.updateMany({ where, data: to })).count);
    count('creditClaims', (await tx.creditClaim.updateMany({ where, data: to })).count);
    count('ceOutcomes', (await tx.cePeriodOutcome.updateMany({ where, data: to })).count);
    count('examParticipants', (await tx.examParticipant.updateMany({ where, data: to })).count);
    count('examCompletions', (await tx.examCompletion.updateMany({ where, data: to })).count);
    count('rewardApplications', (await tx.rewardApplication.updateMany({ where, data: to })).count);
    count('rewardDecisions', (await tx.rewardDecision.updateMany({ where, data: to })).count);
    count('mentoringMembers', (await tx.mentoringMember.updateMany({ where, data: to })).count);
    count('cohortMembers', (await tx.cohortMember.updateMany({ where, data: to })).count);
    count(
      'mentoringPairs',
      (await tx.mentoringPair.updateMany({ where: { menteeId: gone }, data: { menteeId: keep } }))
        .count +
        (await tx.mentoringPair.updateMany({ where: { mentorId: gone }, data: { mentorId: keep } }))
          .count,
    );
    count(
      'mentoringSessions',
      (
        await tx.mentoringSession.updateMany({
          where: { mentorId: gone },
          data: { mentorId: keep },
        })
      ).count,
    );
    count(
      'mentoringEvaluations',
      (
        await tx.mentoringEvaluation.updateMany({
          where: { mentorId: gone },
          data: { mentorId: keep },
        })
      ).count,
    );
    const coordinator = { where: { coordinatorId: gone }, data: { coordinatorId: keep } };
    count(
      'coordinated',
      (await tx.censusCampaign.updateMany(coordinator)).count +
        (await tx.courseSeries.updateMany(coordinator)).count +
        (await tx.mentoringProgram.updateMany(coordinator)).count +
        (await tx.cohort.updateMany(coordinator)).count,
    );

    // Stays: the kept record's dates win where both claim one.
    const keptStays = await staysOf(tx, keep);
    const goneStays = await staysOf(tx, gone);
    const stays = staysToMerge(keptStays, goneStays);
    for (const s of stays) await tx.unitMembership.update({ where: { id: s.id }, data: to });
    count('stays', stays.length);
    count('changes', (await tx.personChange.updateMany({ where, data: to })).count);

    // The ID card: the kept record takes it when it has none (the merged row lets go first).
    const idCard =
      !k.idCardHash && g.idCardHash
        ? { idCardHash: g.idCardHash, idCardMasked: g.idCardMasked }
        : {};
    await tx.person.delete({ where: { id: gone } });
    if (idCard.idCardHash) await tx.person.update({ where: { id: keep }, data: idCard });
    await tx.personChange.create({
      data: {
        personId: keep,
        kind: 'merge',
        effectiveOn: input.on,
        mergedId: gone,
        fromUnitId: g.unitId,
        toUnitId: k.unitId,
        recordedBy: input.by,
      },
    });
    return { keptId: keep, mergedId: gone, moved };
  });
}
