/**
 * Normalising what offices type into roster cells (pure): full-width digits and letters (Ａ１),
 * ideographic spaces (U+3000) and Chinese or dotted dates are written by people and input
 * methods as often as the ASCII forms; they mean the same and are read the same.
 */

/** Full-width ASCII (U+FF01–U+FF5E) to ASCII; U+3000 and other odd spaces to a plain space. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\u2002-\u200b\ufeff]/g, (c) =>
      c === '\u200b' || c === '\ufeff' ? '' : ' ',
    );
}

/** Half-width, trimmed, inner runs of spaces collapsed to one. */
export function cleanText(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, ' ').trim();
}

/**
 * A mainland mobile number's 11 digits from what was written: full-width digits, spaces, dashes,
 * dots, brackets and a +86 / 0086 / 86 prefix are dropped. Undefined when no mobile number is left.
 */
export function normalizeMobile(text: string): string | undefined {
  const digits = toHalfWidth(text)
    .replace(/[\s\-–—.()（）]/g, '')
    .replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** A calendar date (UTC midnight), or undefined when y-m-d names no day (2023-02-30). */
export function calendarDay(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** Days from Excel's epoch (1899-12-30, the 1900 leap-year bug included) to a date. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** An Excel serial day number (45000 = 2023-03-15) as a calendar date. */
export function excelSerialDate(serial: number): Date | undefined {
  return Number.isInteger(serial) && serial > 0 && serial < 2958466
    ? new Date(EXCEL_EPOCH + serial * 86_400_000)
    : undefined;
}

export type DateReading =
  | { kind: 'date'; date: Date }
  /** Looks like a date but names no day (2023-02-30, 2023年13月1日). */
  | { kind: 'impossible' }
  /** Is no date at all. */
  | { kind: 'unreadable' };

/**
 * A date written as text: 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日, 20190305, with
 * full-width digits or spaces anywhere.
 */
export function readDateText(written: string): DateReading {
  const text = cleanText(written);
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return { kind: 'unreadable' };
  const date = calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
  return date ? { kind: 'date', date } : { kind: 'impossible' };
}
