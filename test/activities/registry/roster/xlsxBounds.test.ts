/**
 * Hostile and broken workbooks, made here byte by byte: each is refused with a clear error, fast
 * and without inflating what it merely claims to hold.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSheet } from '../../../../store/registry/roster/read';
import { dimensionCells } from '../../../../store/registry/roster/xlsxBounds';

interface Part {
  name: string;
  data: Buffer;
  /** What the central directory claims (default: the truth). */
  declaredSize?: number;
}

/** A ZIP archive of deflated parts, sizes as declared. */
function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const body = deflateRawSync(p.data);
    const size = p.declaredSize ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(p.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(p.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const xml = (s: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
const NS = 'http://schemas.openxmlformats.org';

/** A minimal workbook of one sheet whose XML is `sheet`. */
function workbook(sheet: Buffer, declaredSheetSize?: number): Buffer {
  return zip([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: sheet,
      ...(declaredSheetSize !== undefined ? { declaredSize: declaredSheetSize } : {}),
    },
  ]);
}

const sheetXml = (dimension: string | undefined, rows: string) =>
  xml(
    `<worksheet xmlns="${NS}/spreadsheetml/2006/main">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`,
  );
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>';

/** Runs `f`, returning how long it took and how much the heap grew. */
async function measured(f: () => Promise<unknown>) {
  const [t0, m0] = [performance.now(), process.memoryUsage().rss];
  await f().catch((e: unknown) => e);
  return { ms: performance.now() - t0, mb: (process.memoryUsage().rss - m0) / 1024 / 1024 };
}

describe('bounded spreadsheet reading', () => {
  it('reads a well-formed crafted workbook (the crafting is right)', async () => {
    const sheet = await readSheet(workbook(sheetXml('A1', HEADER_ROW)), { name: 'ok.xlsx' });
    expect(sheet.rows).toEqual([['姓名']]);
  });

  it('a sheet that declares millions of cells is refused before it is parsed', async () => {
    const bytes = workbook(sheetXml('A1:XFD1048576', HEADER_ROW));
    expect(bytes.length).toBeLessThan(2000);
    await expect(readSheet(bytes, { name: 'huge.xlsx' })).rejects.toThrow(
      '文件“huge.xlsx”：工作表 xl/worksheets/sheet1.xml 声明范围 A1:XFD1048576，共 17,179,869,184 个单元格（至多 5,000,000 个），不予读取 / ' +
        'huge.xlsx: worksheet xl/worksheets/sheet1.xml declares A1:XFD1048576, 17,179,869,184 cells (at most 5,000,000): refused',
    );
    const cost = await measured(() => readSheet(bytes, { name: 'huge.xlsx' }));
    expect(cost.ms).toBeLessThan(1000);
  });

  it('a sheet without a dimension whose one cell sits at XFD1048576 is refused', async () => {
    const far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>';
    const bytes = workbook(sheetXml(undefined, HEADER_ROW + far));
    const cost = await measured(() =>
      expect(readSheet(bytes, { name: 'far.xlsx' })).rejects.toThrow(
        /^文件“far\.xlsx”：工作表占 1048576 行 × 16384 列.*不予读取 \/ far\.xlsx: the worksheet spans 1048576 rows × 16384 columns .*refused$/,
      ),
    );
    expect(cost.ms).toBeLessThan(5000);
  });

  it('a ZIP bomb: a part unzipping thousands of times its size is refused without inflating it', async () => {
    // 60 MB of one repeated row deflates to ~60 KB; the directory tells the truth.
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const bomb = sheetXml('A1', HEADER_ROW + row.repeat((60 * 1024 * 1024) / row.length));
    const bytes = workbook(bomb);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const cost = await measured(() =>
      expect(readSheet(bytes, { name: 'bomb.xlsx' })).rejects.toThrow(
        /^文件“bomb\.xlsx”：部件 xl\/worksheets\/sheet1\.xml 解压后是原大小的 \d+ 倍（至多 200 倍），视为 ZIP 炸弹，不予读取 \/ bomb\.xlsx: part xl\/worksheets\/sheet1\.xml unzips \d+ times its size \(at most 200\): refused as a ZIP bomb$/,
      ),
    );
    expect(cost.ms).toBeLessThan(2000);
    expect(cost.mb).toBeLessThan(100);
  });

  it('a ZIP bomb that lies about its size is stopped where it passes what it declares', async () => {
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const liar = sheetXml('A1', HEADER_ROW + row.repeat((20 * 1024 * 1024) / row.length));
    const bytes = workbook(liar, 4000);
    const cost = await measured(() =>
      expect(readSheet(bytes, { name: 'liar.xlsx' })).rejects.toThrow(
        '文件“liar.xlsx”：部件 xl/worksheets/sheet1.xml 解压后超过它声明的 4000 字节，视为 ZIP 炸弹，不予读取 / ' +
          'liar.xlsx: part xl/worksheets/sheet1.xml inflates to more than the 4000 bytes it declares: refused as a ZIP bomb',
      ),
    );
    expect(cost.ms).toBeLessThan(2000);
  });

  it('a declared total past the limit is refused from the directory alone', async () => {
    const bytes = workbook(sheetXml('A1', HEADER_ROW), 300 * 1024 * 1024);
    await expect(readSheet(bytes, { name: 'big.xlsx' })).rejects.toThrow(
      /^文件“big\.xlsx”由 \d+ 字节解压为 300 MB（至多 200 MB），不予读取 \/ big\.xlsx unzips to 300 MB \(at most 200 MB\) from \d+ bytes: refused$/,
    );
  });

  it('dimension arithmetic', () => {
    expect(dimensionCells('A1:N10001')).toBe(14 * 10001);
    expect(dimensionCells('A1')).toBeUndefined();
  });
});
