/**
 * `yz workflows` and `yz history`: find workflows (Temporal visibility) and read one's history
 * as a timeline.
 */
import { Command } from 'commander';
import { listWorkflows, visibilityQuery, workflowTimeline } from '../operations/admin/workflows';
import { act, count, table } from './common';

interface WorkflowOptions {
  type?: string;
  status?: string;
  key?: string;
  campaign?: string;
  step?: string;
  limit: number;
}

export function workflowsCommand(): Command {
  return new Command('workflows')
    .description('查找工作流 / find workflows (Temporal visibility)')
    .option('--type <type>', '工作流类型 / workflow type, e.g. announcement')
    .option(
      '--status <status>',
      '状态 / status: Running, Completed, Failed, Canceled, Terminated …',
    )
    .option('--key <prefix>', '业务键前缀 / workflow id prefix, e.g. announcement/room-')
    .option('--campaign <id>', '所属项目 / the program: campaign, series, census… id (YzCampaign)')
    .option(
      '--step <status>',
      '业务状态 / business step (YzStatus): invited, registered, paused, completed…',
    )
    .option('--limit <n>', '条数 / how many (1–1000)', count, 100)
    .action(
      act(async (s, o: WorkflowOptions) => {
        const filter = {
          type: o.type,
          status: o.status,
          keyPrefix: o.key,
          campaign: o.campaign,
          businessStatus: o.step,
          limit: o.limit,
        };
        visibilityQuery(filter); // a bad filter is reported before connecting
        const items = await listWorkflows((await s.context()).temporal, filter);
        const rows = items.map((w) => [
          w.workflowId,
          w.type,
          w.status,
          w.businessStatus ?? '-',
          s.local(w.startTime),
        ]);
        return {
          data: items,
          text: items.length
            ? table(
                ['工作流 workflow', '类型 type', '状态 status', '业务 step', '开始 started'],
                rows,
              )
            : ['（无 / none）'],
        };
      }),
    );
}

export function historyCommand(): Command {
  return new Command('history')
    .description('工作流经过（业务用语）/ what happened in a workflow, in business words')
    .argument('<workflowId>', '工作流编号 / workflow id, e.g. announcement/room-302')
    .option('--steps', '列出全部内部步骤 / list every internal step')
    .action(
      act(async (s, workflowId: string, o: { steps?: boolean }) => {
        const { temporal, config } = await s.context();
        const t = await workflowTimeline(
          temporal,
          { uiUrl: config.temporal.uiUrl, timeZone: config.timeZone },
          workflowId,
          { steps: o.steps === true },
        );
        const rows = t.lines.map((l) => [l.time, l.kind, l.text]);
        return {
          data: t,
          text: [
            `${t.workflowId}  ${t.type}  ${t.status}  (${config.timeZone})`,
            ...table(['时间 time', '事件 event', '内容 what'], rows).map((l) => l.trimEnd()),
            `Web UI: ${t.url}`,
          ],
        };
      }),
    );
}
