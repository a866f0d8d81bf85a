/** FNV-1a, 32 bits, over a text's code points: a short, stable, non-secret hash. Pure. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
