/**
 * What `yz course`, `yz cohort` and `yz credits` share: their context, hours shown from tenths,
 * the people a command names (--person, --unit, --by), and the format of a file for `--out` (by
 * its extension).
 */
import { extname } from 'node:path';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext } from '../operations/context';
import type { Command } from 'commander';
import { actorOption, peopleOption, unitsOption, type Session } from './common';

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
