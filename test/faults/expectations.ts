/**
 * What every fault test ends with: each recipient got exactly one message, none is missing.
 */
import { expect } from 'vitest';

export interface Delivered {
  messageId: string;
  to: string;
}

/** Exactly `expected` messages, no Message-ID and no recipient twice. */
export function expectOnePerRecipient(delivered: Delivered[], expected: number): void {
  const twice = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  expect(twice(delivered.map((d) => d.messageId))).toEqual([]);
  expect(twice(delivered.map((d) => d.to))).toEqual([]);
  expect(delivered).toHaveLength(expected);
}
