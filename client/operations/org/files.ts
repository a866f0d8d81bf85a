/** A file a coordinator names (a path) or uploads (its name and bytes), read once. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../../../common/errors';

export type GivenFile = string | { name: string; bytes: Uint8Array };

export async function fileBytes(file: GivenFile): Promise<{ name: string; bytes: Uint8Array }> {
  if (typeof file !== 'string') return file;
  try {
    return { name: basename(file), bytes: await readFile(file) };
  } catch (e) {
    throw new InputError(
      `无法读取文件 cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** "2026-12-01" → that calendar date (UTC midnight); an InputError naming the field otherwise. */
export function calendarDate(text: string, what: string): Date {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.getUTCDate() !== Number(m![3]))
    throw new InputError(
      `${what} 需为日期，如 2026-12-01 / ${what} must be a date like 2026-12-01, got "${text}"`,
    );
  return d;
}
