/**
 * What `yz course`, `yz cohort` and `yz credits` share: their context, hours shown from tenths,
 * and a file written for `--out` (its format by its extension).
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext } from '../operations/context';
import type { Answer, Session } from './common';

export const ctxOf = async (s: Session) => announcementContext(await s.context());
export const hours = (tenths: number) => String(tenths / 10);

export async function written(
  out: string,
  file: { bytes: Buffer; contentType: string },
): Promise<Answer> {
  await writeFile(out, file.bytes);
  return {
    data: { file: out, contentType: file.contentType, bytes: file.bytes.length },
    text: [`已写入 / written: ${out} (${file.bytes.length} 字节 / bytes)`],
  };
}

export const formatOf = (out: string) =>
  (extname(out).slice(1).toLowerCase() || 'xlsx') as SheetFormat;
