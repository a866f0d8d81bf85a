/**
 * `yz exam …`: exam mobilization campaigns (报考动员) — start one from its definition file,
 * record registrations, withdraw a person, import the exam authority's results, read the funnel.
 * Controls and live progress: examControls.ts; reports and rewards: examReports.ts; the dry
 * run: examPreview.ts.
 */
import { cliScope } from './identity';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import { censusContext } from '../operations/context';
import { examFunnel } from '../operations/exam/progress';
import { importExamRegistrations, registerForExam } from '../operations/exam/registrations';
import { importCampaignResults } from '../operations/exam/results';
import { startExamCampaign } from '../operations/exam/start';
import { withdrawFromExam } from '../operations/exam/withdrawals';
import { act, backfillOption, csv, table, uiLink } from './common';
import { withProgress } from './progress';
import { problemLines } from './registry';
import { addExamControlCommands } from './examControls';
import { addExamReportCommands } from './examReports';
import { addExamPreviewCommand } from './examPreview';
import { InputError, YzError } from '../../common/errors';
import { PARTICIPANT_STATUS, inOrder, labelOf } from '../../workflows/rules/vocabulary';

async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new InputError(
      `无法读取 ${path}（${(e as NodeJS.ErrnoException).code ?? String(e)}） / cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
}

export function examCommand(): Command {
  const cmd = new Command('exam').description(
    '报考动员 / exam mobilization: invitations, registration, results, certificates',
  );

  cmd
    .command('start')
    .description('按方案文件发起动员 / start a campaign from its definition (JSON)')
    .requiredOption('--file <path>', '方案文件 / definition file (JSON)')
    .option('--by <name>', '发起人 / started by', '协调员')
    .action(
      act(async (s, o: { file: string; by: string }) => {
        let definition: unknown;
        try {
          definition = JSON.parse((await readInput(o.file)).toString('utf8'));
        } catch (e) {
          if (e instanceof YzError) throw e;
          throw new InputError(
            `${o.file} 不是 JSON / ${o.file} is not JSON: ${(e as Error).message}`,
          );
        }
        const r = await startExamCampaign(censusContext(await s.context()), definition, o.by);
        return {
          data: r,
          text: [
            `已发起 / started: ${r.workflowId}，动员对象 / cohort ${r.cohort} 人`,
            ...(r.invitationsAt
              ? [
                  `静默时段：邀请将于 ${s.local(r.invitationsAt)} 发出 / ` +
                    `quiet hours: invitations go out at ${r.invitationsAt}`,
                ]
              : []),
            `Web UI: ${uiLink(s.config(), r.workflowId)}`,
          ],
        };
      }),
    );

  cmd
    .command('register')
    .description(
      '登记报名（人员编号或报名名单）/ record registrations: by id, or a registered list',
    )
    .argument('<campaign>', '动员编号 / campaign id')
    .option('--person <ids>', '人员编号，逗号分隔 / person ids', csv)
    .option('--file <path>', '报名名单 / registered list (CSV or XLSX)')
    .option('--by <name>', '登记人 / recorded by', '协调员')
    .action(
      act(async (s, campaignId: string, o: { person?: string[]; file?: string; by: string }) => {
        if (!o.person === !o.file)
          throw new InputError(
            '--person <编号> 与 --file <报名名单> 须给其一 / give --person <ids> or --file <registered list>, one of them',
          );
        const ctx = censusContext(await s.context());
        if (o.person) {
          const r = await registerForExam(ctx, { campaignId, personIds: o.person, by: o.by });
          return { data: r, text: [`已登记 / registered: ${r.registered}`] };
        }
        const r = await importExamRegistrations(ctx, {
          campaignId,
          bytes: await readInput(o.file!),
          name: basename(o.file!),
          by: o.by,
        });
        const c = r.counts;
        return {
          data: r,
          text: [
            `共 ${r.rows} 行 / rows：新登记 / registered ${c.registered}，此前已登记 / already registered ${c.alreadyRegistered}，有误 / invalid ${c.invalid}`,
            ...problemLines(r.problems),
            r.committed
              ? '已登记 / registrations recorded'
              : '未登记任何人（有误行）/ nobody registered (rows with problems)',
          ],
          exitCode: r.committed ? 0 : 1,
        };
      }),
    );

  cmd
    .command('withdraw')
    .description('退出动员 / withdraw a person, with a reason')
    .argument('<campaign>', '动员编号 / campaign id')
    .requiredOption('--person <id>', '人员编号 / person id')
    .requiredOption('--reason <text>', '原因 / reason')
    .action(
      act(async (s, campaignId: string, o: { person: string; reason: string }) => {
        await withdrawFromExam(censusContext(await s.context()), {
          campaignId,
          personId: o.person,
          reason: o.reason,
        });
        return { data: { withdrawn: o.person }, text: [`已退出 / withdrawn: ${o.person}`] };
      }),
    );

  cmd
    .command('results')
    .description('导入考试成绩 / import the exam authority’s results (CSV or XLSX)')
    .argument('<campaign>', '动员编号 / campaign id')
    .requiredOption('--file <path>', '成绩文件 / results file')
    .option('--lenient', '写入有效行，跳过有误行 / write the valid rows, skip the bad ones')
    .addOption(backfillOption())
    .action(
      act(
        async (
          s,
          campaignId: string,
          o: { file: string; lenient?: boolean; backfill?: boolean },
        ) => {
          const ctx = censusContext(await s.context());
          const bytes = await readInput(o.file);
          const r = await withProgress(s.json, (progress) =>
            importCampaignResults(ctx, {
              campaignId,
              bytes,
              name: basename(o.file),
              strict: !o.lenient,
              backfill: o.backfill,
              ...(progress ? { progress } : {}),
            }),
          );
          const c = r.counts;
          return {
            data: r,
            text: [
              `新增 / create ${c.create}，更新 / update ${c.update}，未变 / unchanged ${c.unchanged}，有误 / invalid ${c.invalid}`,
              ...problemLines(r.problems),
              r.committed
                ? `已写入，通知 ${r.notified} 人 / written; ${r.notified} journeys told`
                : '未写入（有误行）/ nothing written (rows with problems; --lenient skips them)',
            ],
            exitCode: r.committed ? 0 : 1,
          };
        },
      ),
    );

  cmd
    .command('funnel')
    .description('动员漏斗 / people at each step')
    .argument('<campaign>', '动员编号 / campaign id')
    .action(
      act(async (s, campaignId: string) => {
        const f = await examFunnel(await s.store(), campaignId, await cliScope());
        return {
          data: f,
          text: table(
            ['状态 status', '人数 people'],
            inOrder(PARTICIPANT_STATUS, f).map(([k, v]) => [
              labelOf(PARTICIPANT_STATUS, k),
              String(v),
            ]),
          ),
        };
      }),
    );
  addExamControlCommands(cmd);
  addExamReportCommands(cmd);
  addExamPreviewCommand(cmd);
  return cmd;
}
