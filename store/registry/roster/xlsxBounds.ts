/**
 * An .xlsx is a ZIP of XML parts that the spreadsheet library inflates and parses whole. Before it
 * does, the archive is checked here so that a small hostile or broken file cannot take the
 * process's memory or minutes: its central directory (entry count, declared sizes, compression
 * ratio), each part inflated against its declared size (a part that inflates past what it
 * declares is refused the moment it does), and each worksheet's declared dimension (A1:XFD1048576
 * in a 10 KB file). The limits are far above any district's roster.
 */
import { inflateRawSync } from 'node:zlib';
import { fileNames, notAWorkbook, RosterFileError } from './read';

export const XLSX_LIMITS = {
  entries: 1000,
  /** All parts inflated together. */
  uncompressedBytes: 200 * 1024 * 1024,
  /** Inflated ÷ compressed for a part over 1 MB inflated; real sheets stay under 100. */
  ratio: 200,
  /** Rows × columns a worksheet declares (a 100,000-row, 50-column roster is 5 million). */
  cells: 5_000_000,
} as const;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function centralDirectory(buf: Buffer, name: string | undefined): Entry[] {
  const f = fileNames(name);
  const broken = () => notAWorkbook(name);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken();
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new RosterFileError(
      `${f.zh}是 ZIP64 压缩包，花名册用不到：请重新另存为 .xlsx / ` +
        `${f.en} is a ZIP64 archive, which no roster needs: save it again as .xlsx`,
    );
  }
  if (count > XLSX_LIMITS.entries) {
    throw new RosterFileError(
      `${f.zh}含 ${count} 个部件（至多 ${XLSX_LIMITS.entries} 个），不是花名册工作簿 / ` +
        `${f.en} holds ${count} parts (at most ${XLSX_LIMITS.entries}): not a roster workbook`,
    );
  }
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw broken();
    const nameLength = buf.readUInt16LE(p + 28);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** A part's bytes, inflated, never past its declared size (+1 byte to see it overflow). */
function inflated(buf: Buffer, e: Entry, name: string | undefined): Buffer {
  const f = fileNames(name);
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw notAWorkbook(name);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return data;
  if (e.method !== 8) {
    throw new RosterFileError(
      `${f.zh}：部件 ${e.name} 使用了未知的压缩方式（${e.method}） / ` +
        `${f.en}: part ${e.name} uses an unknown compression (${e.method})`,
    );
  }
  try {
    return inflateRawSync(data, { maxOutputLength: e.uncompressed + 1 });
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      err instanceof RangeError
    ) {
      throw new RosterFileError(
        `${f.zh}：部件 ${e.name} 解压后超过它声明的 ${e.uncompressed} 字节，视为 ZIP 炸弹，不予读取 / ` +
          `${f.en}: part ${e.name} inflates to more than the ${e.uncompressed} bytes it declares: refused as a ZIP bomb`,
      );
    }
    throw new RosterFileError(
      `${f.zh}：部件 ${e.name} 已损坏（${(err as Error).message}） / ` +
        `${f.en}: part ${e.name} is damaged (${(err as Error).message})`,
    );
  }
}

/** "A1:N10001" → rows × columns; undefined for a single cell or no ref. */
export function dimensionCells(ref: string): number | undefined {
  const m = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/.exec(ref);
  if (!m) return undefined;
  const col = (s: string) => [...s].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return (Math.abs(Number(m[4]) - Number(m[2])) + 1) * (Math.abs(col(m[3]!) - col(m[1]!)) + 1);
}

/** Refuses an .xlsx that would inflate or parse to far more than a roster; passes the rest. */
export function checkXlsxBounds(bytes: Uint8Array, name?: string): void {
  const f = fileNames(name);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = centralDirectory(buf, name);
  const total = entries.reduce((s, e) => s + e.uncompressed, 0);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  if (total > XLSX_LIMITS.uncompressedBytes) {
    const most = mb(XLSX_LIMITS.uncompressedBytes);
    throw new RosterFileError(
      `${f.zh}由 ${buf.length} 字节解压为 ${mb(total)}（至多 ${most}），不予读取 / ` +
        `${f.en} unzips to ${mb(total)} (at most ${most}) from ${buf.length} bytes: refused`,
    );
  }
  for (const e of entries) {
    if (
      e.uncompressed > 1024 * 1024 &&
      e.uncompressed > XLSX_LIMITS.ratio * Math.max(1, e.compressed)
    ) {
      const times = Math.round(e.uncompressed / Math.max(1, e.compressed));
      throw new RosterFileError(
        `${f.zh}：部件 ${e.name} 解压后是原大小的 ${times} 倍（至多 ${XLSX_LIMITS.ratio} 倍），视为 ZIP 炸弹，不予读取 / ` +
          `${f.en}: part ${e.name} unzips ${times} times its size (at most ${XLSX_LIMITS.ratio}): refused as a ZIP bomb`,
      );
    }
  }
  let inflatedTotal = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const part = inflated(buf, e, name);
    inflatedTotal += part.length;
    if (inflatedTotal > XLSX_LIMITS.uncompressedBytes) {
      const most = mb(XLSX_LIMITS.uncompressedBytes);
      throw new RosterFileError(
        `${f.zh}解压后超过 ${most}，不予读取 / ${f.en} unzips to more than ${most}: refused`,
      );
    }
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const head = part.toString('utf8', 0, Math.min(part.length, 4096));
    const ref = /<(?:\w+:)?dimension\s+ref="([^"]+)"/.exec(head)?.[1];
    const cells = ref ? dimensionCells(ref) : undefined;
    if (cells !== undefined && cells > XLSX_LIMITS.cells) {
      const n = cells.toLocaleString('en');
      const most = XLSX_LIMITS.cells.toLocaleString('en');
      throw new RosterFileError(
        `${f.zh}：工作表 ${e.name} 声明范围 ${ref}，共 ${n} 个单元格（至多 ${most} 个），不予读取 / ` +
          `${f.en}: worksheet ${e.name} declares ${ref}, ${n} cells (at most ${most}): refused`,
      );
    }
  }
}
