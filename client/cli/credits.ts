/**
 * `yz credits …`: continuing-education ledgers (继续教育学时台账): start, self-reports, review,
 * the ledger, the compliance report.
 */
import { Command } from 'commander';
import * as ledger from '../operations/credits/ledger';
import * as claims from '../operations/credits/claims';
import * as reports from '../operations/credits/reports';
import * as registrations from '../operations/credits/registrations';
import * as startAll from '../operations/credits/startAll';
import { progressLine } from './progress';
import { currentIdentity } from './identity';
import { act, actorOption, csv, number, outOption, table, written } from './common';
import { ctxOf, formatOf, hours } from './courseCommon';
import { InputError } from '../../common/errors';
import { labelOf, readCode } from '../../workflows/rules/vocabulary';
import { loadVocabulary } from '../../store/registry/vocabularyTerms';
import { lastDayText } from '../../workflows/rules/registration';

export function creditsCommand(): Command {
  const cmd = new Command('credits').description(
    '继续教育学时台账 / continuing-education ledgers over registration periods',
  );
  cmd
    .command('start')
    .description('开启学时台账 / start the ledgers of people with a registration (登记) in force')
    .argument('[personIds]', '人员编号，逗号分隔 / person ids, comma-separated', csv)
    .option('--all', '全部已登记人员 / every registered person')
    .option('--unit <id>', '与 --all 同用：单位（含下级）/ with --all: a unit, sub-units included')
    .action(
      act(async (s, ids: string[] | undefined, o: { all?: boolean; unit?: string }) => {
        const ctx = await ctxOf(s);
        if (o.all) {
          if (ids?.length)
            throw new InputError(
              '人员编号与 --all 只能二选一 / give person ids or --all, not both',
            );
          const line = progressLine(s.json);
          const r = await startAll
            .startAllLedgers(ctx, { ...(o.unit ? { unitId: o.unit } : {}), ...sayOf(line) })
            .finally(() => line.done());
          return {
            data: r,
            text: [
              `已登记 / registered ${r.registered}: 新开 / started ${r.started}, 已在运行 / running ${r.running}`,
              '新开台账在首个检查点前一天起运行，查询或登记时立即运行 / new ledgers first run the day before their first checkpoint, or at once when asked for or a registration is recorded',
              ...r.noHours.map(
                (n) => `未开启 / not started: ${n.people} 人 / people — ${n.problem}`,
              ),
            ],
          };
        }
        if (o.unit) throw new InputError('--unit 须与 --all 一起用 / --unit goes with --all');
        if (!ids?.length)
          throw new InputError('请给出人员编号或 --all / give person ids, or --all');
        const out = [];
        for (const id of ids) out.push({ personId: id, ...(await ledger.startLedger(ctx, id)) });
        return {
          data: out,
          text: out.map(
            (r) => `${r.workflowId}: ${r.started ? '已开启 / started' : '已在运行 / running'}`,
          ),
        };
      }),
    );
  cmd
    .command('register')
    .description('记录证书登记或续期 / record a certificate’s registration (登记) or renewal')
    .argument('<personId>', '人员编号 / person id')
    .option('--on <date>', '登记日期 / registration date, e.g. 2026-03-20')
    .option(
      '--expires <date>',
      '登记有效期至（最后有效日）/ the last day in force (default: 3 years on)',
    )
    .option('--level <level>', '证书等级 / certificate level (default: the highest held)')
    .addOption(actorOption('登记人 / recorded by'))
    .action(
      act(
        async (
          s,
          personId: string,
          o: { on?: string; expires?: string; level?: string; by: string },
        ) => {
          const ctx = await ctxOf(s);
          // The district's levels too (词表 cert_level), not only the built-in ones.
          const levels = await loadVocabulary(ctx.db, 'cert_level');
          const r = await registrations.registerCertificate(ctx, {
            personId,
            ...(o.on ? { on: o.on } : {}),
            ...(o.expires ? { expires: o.expires } : {}),
            ...(o.level ? { level: readCode(levels, o.level, '--level') } : {}),
            recordedBy: o.by,
          });
          const g = r.registration;
          return {
            data: r,
            text: [
              `${personId}  ${labelOf(levels, g.level)}  登记 / registered ${day(g.registeredOn)} – 有效期至 / until ${lastDayText(g.expiresOn)}  ${g.created ? '已记录 / recorded' : '已在册 / on record already'}`,
              r.workflowId
                ? `台账 / ledger: ${r.workflowId}`
                : '登记尚未生效，台账届时开启 / not in force yet: the ledger starts with it',
              ...(r.problem ? [`台账待定 / the ledger waits: ${r.problem}`] : []),
            ],
          };
        },
      ),
    );
  const regs = cmd
    .command('registrations')
    .description('证书登记记录的维护 / upkeep of registration records');
  regs
    .command('fix-expiry')
    .description(
      '列出并修正早前名册导入少一天的登记有效期至（仅管理员）/ list, and with --commit fix, registrations an earlier roster import kept one day short (admins)',
    )
    .option('--commit', '执行修正（默认只列出）/ move them (default: list only)')
    .option(
      '--before <date>',
      '只看此日前写入的记录，如升级之日 / only records written before this day, e.g. the upgrade',
    )
    .option('--source <sources>', '来源 / sources: roster (default), legacy', csv)
    .option('--person <ids>', '人员编号，逗号分隔 / person ids, comma-separated', csv)
    .action(
      act(
        async (
          s,
          o: { commit?: boolean; before?: string; source?: string[]; person?: string[] },
        ) => {
          const r = await registrations.fixRegistrationExpiries(
            await ctxOf(s),
            currentIdentity().actor,
            {
              ...(o.commit ? { commit: true } : {}),
              ...(o.before ? { before: o.before } : {}),
              ...(o.source ? { sources: o.source } : {}),
              ...(o.person ? { personIds: o.person } : {}),
            },
          );
          return {
            data: r,
            text: [
              ...table(
                [
                  '登记 id',
                  '人员 person',
                  '等级 level',
                  '来源 source',
                  '登记 registered',
                  '有效期至 until',
                  '改为 becomes',
                  '',
                ],
                r.candidates.map((c) => [
                  String(c.id),
                  c.personId,
                  c.level,
                  `${c.source}${c.sourceRef ? ` (${c.sourceRef})` : ''}`,
                  day(c.registeredOn),
                  lastDayText(c.expiresOn),
                  lastDayText(c.fixedExpiresOn),
                  c.blocked ?? '',
                ]),
              ),
              r.committed
                ? `已修正 / fixed ${r.fixed}，未动 / left ${r.blocked}（需人工 / by hand），已通知台账 / ledgers told ${r.ledgersTold}`
                : `共 ${r.candidates.length} 条（其中 ${r.blocked} 条需人工）；核对后加 --commit 修正 / ${r.candidates.length} found (${r.blocked} to review by hand): check them, then run again with --commit`,
              ...(r.ledgersUnreached.length
                ? [
                    `台账未通知 / ledgers not reached: ${r.ledgersUnreached.join(', ')} — 对其重新记录登记即可 / record their registration again (credits register) to tell them`,
                  ]
                : []),
            ],
          };
        },
      ),
    );
  cmd
    .command('claim')
    .description('申报学时 / self-report external training or degree study (awaits review)')
    .argument('<personId>', '人员编号 / person id')
    .requiredOption('--source <source>', 'external | degree')
    .option('--hours <n>', '学时 / hours (external)', number('--hours'))
    .requiredOption('--evidence <text>', '证明材料 / evidence')
    .option('--by <name>', '申报人 / submitted by')
    .action(
      act(
        async (
          s,
          personId: string,
          o: { source: string; hours?: number; evidence: string; by?: string },
        ) => {
          const r = await claims.submitClaim(await ctxOf(s), {
            personId,
            source: o.source as 'external' | 'degree',
            ...(o.hours !== undefined ? { hours: o.hours } : {}),
            evidence: o.evidence,
            submittedBy: o.by ?? personId,
          });
          return {
            data: r,
            text: [
              `申报编号 / claim ${r.claimId}: ${hours(r.hoursTenths)} 学时 / hours, 待审核 / pending`,
            ],
          };
        },
      ),
    );
  cmd
    .command('review')
    .description('审核申报 / approve or reject a self-reported credit')
    .argument('<claimId>', '申报编号 / claim id', number('claimId'))
    .option('--approve', '通过 / approve')
    .option('--reject', '不通过 / reject')
    .requiredOption('--by <name>', '审核人 / reviewer')
    .option('--note <text>', '意见 / note')
    .action(
      act(
        async (
          s,
          claimId: number,
          o: { approve?: boolean; reject?: boolean; by: string; note?: string },
        ) => {
          if (Boolean(o.approve) === Boolean(o.reject))
            throw new InputError(
              '--approve 与 --reject 须且只能给一个 / give exactly one of --approve or --reject',
            );
          const r = await claims.reviewClaim(await ctxOf(s), {
            claimId,
            decision: o.approve ? 'approve' : 'reject',
            reviewer: o.by,
            ...(o.note ? { note: o.note } : {}),
          });
          return {
            data: r,
            text: [
              `${r.status}; 本期已获 / earned this period: ${hours(r.earnedTenths)} 学时 / hours`,
            ],
          };
        },
      ),
    );
  cmd
    .command('show')
    .description('查看学时台账 / show a person’s ledger')
    .argument('<personId>', '人员编号 / person id')
    .action(
      act(async (s, personId: string) => {
        const v = await ledger.ledger(await ctxOf(s), personId);
        if (v.registration === 'awaiting')
          return {
            data: v,
            text: [
              v.problem
                ? `${v.personId}  待定 / waiting: ${v.problem}; 然后重新记录登记 / then record the registration again (credits register)`
                : `${v.personId}  待登记 / awaiting a registration (登记): nothing counts or is sent until one is recorded`,
            ],
          };
        return {
          data: v,
          text: [
            `${v.personId}  ${v.level}  ${s.local(v.periodStart)} – ${s.local(v.periodEnd)}`,
            `已获 / earned ${hours(v.earnedTenths)} / 需 required ${hours(v.requiredTenths)}  (${v.standing})`,
            ...table(
              ['来源 source', '学时 hours'],
              v.credits.map((c) => [c.sourceKey, hours(c.hoursTenths)]),
            ),
          ],
        };
      }),
    );
  cmd
    .command('report')
    .description('继续教育达标情况 / CE compliance per unit')
    .option('--unit <id>', '单位编号（含下级）/ unit id, sub-units included')
    .option('--ids', '单位名称旁列出编号 / show unit ids beside the names')
    .addOption(outOption())
    .action(
      act(async (s, o: { unit?: string; out?: string; ids?: boolean }) => {
        const ctx = await ctxOf(s);
        const req = o.unit ? { unitId: o.unit } : {};
        if (o.out)
          return written(
            o.out,
            await reports.exportCeReport(ctx, { ...req, format: formatOf(o.out) }),
          );
        const rows = await reports.ceReport(ctx, req);
        return {
          data: rows,
          text: table(
            [
              '单位 unit',
              '已达标 compliant',
              '进度正常 on track',
              '落后 behind',
              '逾期 overdue',
              '等级未设学时 no CE hours',
            ],
            rows.map((r) => [
              o.ids ? `${r.unitName} ${r.unitId}` : r.unitName,
              String(r.compliant),
              String(r.on_track),
              String(r.behind),
              String(r.overdue),
              String(r.no_hours),
            ]),
          ),
        };
      }),
    );
  return cmd;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The progress callback of a progress line, when it shows one. */
const sayOf = (line: ReturnType<typeof progressLine>) => (line.say ? { progress: line.say } : {});
