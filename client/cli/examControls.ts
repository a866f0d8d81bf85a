/**
 * `yz exam pause|resume|cancel|add|progress`: controls of a running exam mobilization campaign
 * (报考动员) and its live progress with the KPIs and notice waves.
 */
import { cliScope } from './identity';
import type { Command } from 'commander';
import { censusContext } from '../operations/context';
import {
  addToExamCampaign,
  cancelExamCampaign,
  pauseExamCampaign,
  resumeExamCampaign,
} from '../operations/exam/controls';
import { examCampaignProgress } from '../operations/exam/progress';
import { act, peopleOption, table } from './common';

export function addExamControlCommands(exam: Command): void {
  const control = (
    name: string,
    description: string,
    run: typeof pauseExamCampaign,
    done: string,
  ) =>
    exam
      .command(name)
      .description(description)
      .argument('<campaign>', '动员编号 / campaign id')
      .action(
        act(async (s, campaignId: string) => {
          await run(censusContext(await s.context()), campaignId);
          return { data: { campaignId, [name]: true }, text: [`${done}: ${campaignId}`] };
        }),
      );
  control(
    'pause',
    '暂停动员 / pause: nothing is sent or launched',
    pauseExamCampaign,
    '已暂停 / paused',
  );
  control(
    'resume',
    '恢复动员 / resume: waves due meanwhile go out now',
    resumeExamCampaign,
    '已恢复 / resumed',
  );
  control(
    'cancel',
    '取消动员 / cancel: no further notices, open journeys end',
    cancelExamCampaign,
    '已取消 / cancelled',
  );

  exam
    .command('add')
    .description('追加动员对象 / add people mid-campaign (invitation + journey)')
    .argument('<campaign>', '动员编号 / campaign id')
    .addOption(peopleOption('人员编号，逗号分隔 / person ids').makeOptionMandatory())
    .action(
      act(async (s, campaignId: string, o: { person: string[] }) => {
        const r = await addToExamCampaign(censusContext(await s.context()), {
          campaignId,
          personIds: o.person,
        });
        return {
          data: r,
          text: [
            `已追加 / added: ${r.added.length}` +
              (r.already.length ? `，已在动员中 / already in: ${r.already.join(', ')}` : ''),
          ],
        };
      }),
    );

  exam
    .command('progress')
    .description('动员进度与指标 / live progress and KPIs')
    .argument('<campaign>', '动员编号 / campaign id')
    .action(
      act(async (s, campaignId: string) => {
        const v = await examCampaignProgress(
          censusContext(await s.context()),
          campaignId,
          await cliScope(),
        );
        const p = v.progress;
        return {
          data: v,
          text: [
            `状态 / status: ${p?.status ?? v.status}` +
              (p ? `，已邀请 / invited ${p.invited}，已启动 / journeys ${p.launched}` : ''),
            ...(p?.nextWave
              ? [`下一批 / next wave: ${p.nextWave.wave} @ ${s.local(p.nextWave.at)}`]
              : []),
            ...(p?.sending
              ? [
                  `发送中 / sending: ${p.sending.wave} ${p.sending.sent} sent, ${p.sending.skipped} skipped`,
                ]
              : []),
            ...table(
              ['指标 KPI', '数值 value'],
              Object.entries(v.kpis).map(([k, n]) => [k, String(n)]),
            ),
            ...table(
              ['批次 wave', '应发 due', '入队 queued', '人数 recipients'],
              v.waves.map((w) => [
                w.wave,
                w.dueAt,
                w.queuedAt ?? '-',
                w.recipients === null ? '-' : String(w.recipients),
              ]),
            ),
          ],
        };
      }),
    );
}
