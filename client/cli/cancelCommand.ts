/**
 * `<group> cancel <id> [--reason] [--by]`, shared by the groups that cancel a whole thing (a
 * course series, a cohort, a mentoring program).
 */
import type { Command } from 'commander';
import type { AnnouncementContext } from '../operations/announcements/announcements';
import { announcementContext } from '../operations/context';
import { act, actorOption } from './common';

/** Cancels the whole thing by `run`; shows who and when, then `more` lines. */
export function cancelCommand<R extends { id: string; cancelledBy: string; cancelledAt: string }>(
  cmd: Command,
  texts: { description: string; id: string; reason: string },
  run: (ctx: AnnouncementContext, id: string, o: { by: string; reason?: string }) => Promise<R>,
  more: (r: R) => string[],
): void {
  cmd
    .command('cancel')
    .description(texts.description)
    .argument('<id>', texts.id)
    .option('--reason <text>', texts.reason)
    .addOption(actorOption('取消人 / cancelled by'))
    .action(
      act(async (s, id: string, o: { by: string; reason?: string }) => {
        const r = await run(announcementContext(await s.context()), id, o);
        return {
          data: r,
          text: [
            `已取消 / cancelled: ${r.id} by ${r.cancelledBy} at ${s.local(r.cancelledAt)}`,
            ...more(r),
          ],
        };
      }),
    );
}
