/**
 * `yz exam preview <definition.json>`: the campaign's whole timeline as a dry run (see
 * client/examPreview.ts) — notices per day, per template and per unit, before launch. Reads the
 * configured database only; needs the Java time-skipping test server (scripts/ensure-tools.sh,
 * or TEMPORAL_TEST_SERVER), not the Temporal server or the mail server.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openDb } from '../../store/db';
import type { PreviewReport } from '../operations/exam/preview';
import { formatLocal } from '../../workflows/rules/zonedTime';
import { withProgress } from './progress';
import { act, number, table } from './common';
import { InputError } from '../../common/errors';

const TEMPLATE_LABELS: Record<string, string> = {
  'exam-invitation': '邀请 invitation',
  'exam-reminder': '报名提醒 reminder',
  'exam-day-before': '考前提醒 day before',
  'exam-passed': '通过 passed',
  'exam-failed': '未通过 failed',
};

export function previewLines(r: PreviewReport): string[] {
  const templates = Object.keys(r.byTemplate).sort(
    (a, b) =>
      (Object.keys(TEMPLATE_LABELS).indexOf(a) + 1 || 99) -
      (Object.keys(TEMPLATE_LABELS).indexOf(b) + 1 || 99),
  );
  const labels = templates.map((t) => TEMPLATE_LABELS[t] ?? t);
  const local = (iso: string) => formatLocal(new Date(iso), r.campaign.timeZone);
  const queued = Object.values(r.queued).reduce((a, b) => a + b, 0);
  return [
    `预演 / preview: ${r.campaign.name} (${r.campaign.id}) — 动员对象 / cohort ${r.cohort}，模拟报名 / registered ${r.registered}（seed ${r.seed}）`,
    `模拟时段 / simulated: ${local(r.from)} → ${local(r.to)} (${r.campaign.timeZone})`,
    `通知合计 / notices: ${r.total}（工作流写入 / queued by the workflows ${queued}），未发送任何邮件 / nothing was sent`,
    r.ran,
    '',
    ...table(
      ['日期 date', '合计 total', ...labels],
      r.days.map((d) => [
        d.date,
        String(d.total),
        ...templates.map((t) => String(d.byTemplate[t] ?? 0)),
      ]),
    ),
    '',
    ...table(
      ['单位 unit', '合计 total', ...labels],
      r.units.map((u) => [
        `${u.name} ${u.id}`,
        String(u.total),
        ...templates.map((t) => String(u.byTemplate[t] ?? 0)),
      ]),
    ),
    '',
    `结果 / outcome: ${Object.entries(r.funnel)
      .map(([k, v]) => `${k} ${v}`)
      .join('，')}`,
  ];
}

/** The definition file as JSON (its fields are checked by the preview). */
async function readDefinition(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new InputError(
      `无法读取 ${file}（${(e as NodeJS.ErrnoException).code ?? String(e)}） / cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new InputError(`${file} 不是 JSON / ${file} is not JSON: ${(e as Error).message}`);
  }
}

export function addExamPreviewCommand(cmd: Command): void {
  cmd
    .command('preview')
    .description(
      '动员预演：模拟全过程，按日统计通知（不发送）/ dry run: notices per day, nothing sent',
    )
    .argument('<definition>', '方案文件 / definition file (JSON)')
    .option(
      '--register-share <0-1>',
      '报名比例 / share that registers',
      number('--register-share'),
      0.6,
    )
    .option(
      '--pass-share <0-1>',
      '单科通过概率 / chance to pass a subject',
      number('--pass-share'),
      0.7,
    )
    .option('--seed <n>', '随机种子 / seed of the synthetic responses', number('--seed'), 1)
    .option(
      '--journeys',
      "逐人运行报考流程（较慢；通知数相同）/ run every person's journey workflow too (slower; the same figures)",
    )
    .action(
      act(
        async (
          s,
          file: string,
          o: { registerShare: number; passShare: number; seed: number; journeys?: boolean },
        ) => {
          const definition = await readDefinition(file);
          // Loaded here: the preview brings a Temporal worker; the rest of `yz exam` does not.
          const { previewCampaign } = await import('../operations/exam/preview');
          const db = await openDb(s.config().database.url);
          try {
            const r = await withProgress(s.json, (progress) =>
              previewCampaign(db, definition, {
                registerShare: o.registerShare,
                passShare: o.passShare,
                seed: o.seed,
                journeys: o.journeys === true,
                ...(progress ? { progress } : {}),
              }),
            );
            return { data: r, text: previewLines(r) };
          } finally {
            await db.$disconnect();
          }
        },
      ),
    );
}
