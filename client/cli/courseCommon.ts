/**
 * What `yz course`, `yz cohort` and `yz credits` share: their context, hours shown from tenths,
 * the people a command names (--person, --unit, --by), and the format of a file for `--out` (by
 * its extension).
 */
import { extname } from 'node:path';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext } from '../operations/context';
import type { CourseContext } from '../operations/courses/courseContext';
import type { Command } from 'commander';
import { act, actorOption, peopleOption, unitsOption, type Session } from './common';

export const ctxOf = async (s: Session) => announcementContext(await s.context());
export const hours = (tenths: number) => String(tenths / 10);

export const formatOf = (out: string) =>
  (extname(out).slice(1).toLowerCase() || 'xlsx') as SheetFormat;

/** Who acts when `--by` is not given, in these groups (as they always have). */
export const COORDINATOR = '协调员';

/**
 * --person and --unit (people named, and every active person of units with their sub-units), and
 * --by (default 协调员), each with the command's own wording.
 */
export function namingPeople(
  cmd: Command,
  help: { person: string; unit: string; by: string },
): Command {
  return cmd
    .addOption(peopleOption(help.person))
    .addOption(unitsOption(help.unit))
    .addOption(actorOption(help.by).default(COORDINATOR));
}

/** The people an invocation named, as the operations take them. */
export const peopleNamed = (o: { person?: string[]; unit?: string[] }) => ({
  personIds: o.person ?? [],
  unitIds: o.unit ?? [],
});

/**
 * `<group> cancel <id> [--reason] [--by]`: cancels a whole series or cohort by `run`; shows who
 * and when, then `more` lines.
 */
export function cancelCommand<R extends { id: string; cancelledBy: string; cancelledAt: string }>(
  cmd: Command,
  texts: { description: string; id: string; reason: string },
  run: (ctx: CourseContext, id: string, o: { by: string; reason?: string }) => Promise<R>,
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
        const r = await run(await ctxOf(s), id, o);
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
