/**
 * `yz census …` (人才资源库普查): start a census of units, follow it, take a unit's roster.
 */
import { Command } from 'commander';
import { censusContext } from '../operations/context';
import { censusProgress, startCensus, submitCensus } from '../operations/census/census';
import { act, actorOption, csv, parseSendAt, table, uiLink, unitsOption } from './common';
import { countsLine, problemLines } from './registry';
import { InputError } from '../../common/errors';

interface StartOptions {
  id: string;
  title: string;
  unit: string[];
  deadline: string;
  coordinator: string;
  reminders?: string[];
  contact?: string[];
  by: string;
}

export function censusCommand(): Command {
  const cmd = new Command('census').description(
    '人才资源库普查 / talent census: units report their people by a deadline',
  );
  const progressLines = (v: Awaited<ReturnType<typeof censusProgress>>) => [
    `${v.id}  ${v.title}`,
    `状态 / status: ${v.status}   截止 / deadline: ${v.deadline}`,
    `已报送 / reported: ${v.reported}/${v.units}（逾期补报 / late: ${v.reportedLate}）   逾期未报 / overdue: ${v.late}   待报 / pending: ${v.pending}`,
    ...table(
      ['单位 unit', '状态 status'],
      Object.entries(v.byUnit).map(([unit, status]) => [unit, status]),
    ),
  ];

  cmd
    .command('start')
    .description('发起普查 / start a census')
    .requiredOption('--id <id>', '普查编号 / census id')
    .requiredOption('--title <text>', '标题 / title')
    .addOption(unitsOption('单位编号，逗号分隔 / unit ids, comma-separated').makeOptionMandatory())
    .requiredOption(
      '--deadline <time>',
      '截止时间 / deadline (ISO 8601 or local "2026-03-20 17:00")',
    )
    .requiredOption(
      '--coordinator <personId>',
      '协调员（接收逾期提醒与结果）/ coordinator person id',
    )
    .option(
      '--reminders <offsets>',
      '截止前提醒 / reminders before the deadline, e.g. 7d,3d,1d',
      csv,
    )
    .option('--contact <unit=person>', '单位联系人 / a unit’s contact person', csv)
    .addOption(actorOption('发起人 / started by'))
    .action(
      act(async (s, o: StartOptions) => {
        const contacts = Object.fromEntries(
          (o.contact ?? []).map((pair) => {
            const [unit, person] = pair.split('=');
            if (!unit || !person)
              throw new InputError(
                `--contact “${pair}”应写作 单位=人员 / --contact "${pair}" must be unit=person`,
              );
            return [unit, person];
          }),
        );
        const started = await startCensus(censusContext(await s.context()), {
          id: o.id,
          title: o.title,
          unitIds: o.unit,
          deadline: parseSendAt(o.deadline, s.config().timeZone, '--deadline'),
          coordinatorId: o.coordinator,
          reminderOffsets: o.reminders,
          contacts,
          createdBy: o.by,
        });
        return {
          data: started,
          text: [
            `已发起 / started: ${started.workflowId} (${started.units} 个单位 / units)`,
            `Web UI: ${uiLink(s.config(), started.workflowId)}`,
          ],
        };
      }),
    );

  cmd
    .command('status')
    .description('查看普查进度 / show a census’s progress')
    .argument('<id>', '普查编号 / census id')
    .action(
      act(async (s, id: string) => {
        const v = await censusProgress(await s.context(), id);
        return { data: v, text: progressLines(v) };
      }),
    );

  cmd
    .command('submit')
    .description('单位报送名册 / a unit submits its roster (CSV or XLSX)')
    .argument('<id>', '普查编号 / census id')
    .requiredOption('--unit <id>', '单位编号 / unit id')
    .requiredOption('--file <path>', '名册文件 / roster file')
    .option('--strict', '有任何问题则不写入 / write nothing if any row has a problem')
    .addOption(actorOption('报送人 / submitted by'))
    .action(
      act(
        async (s, id: string, o: { unit: string; file: string; strict?: boolean; by: string }) => {
          const r = await submitCensus(censusContext(await s.context()), {
            censusId: id,
            unitId: o.unit,
            file: o.file,
            strict: o.strict === true,
            recordedBy: o.by,
          });
          return {
            data: r,
            text: [`${r.status}`, countsLine(r.import.counts), ...problemLines(r.import.problems)],
            exitCode: r.status.startsWith('not') ? 1 : 0,
          };
        },
      ),
    );
  return cmd;
}
