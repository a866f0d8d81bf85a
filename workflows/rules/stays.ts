/**
 * A person's stays in units (在岗记录) by date: one open stay while active, none while gone.
 * Dates are calendar dates (UTC midnight); a stay covers [startedOn, endedOn). Pure.
 */
export interface Stay {
  unitId: string;
  /** null: since before the registry knew. */
  startedOn: Date | null;
  /** null: still there. */
  endedOn: Date | null;
}

export function covers(stay: Stay, on: Date): boolean {
  return (
    (stay.startedOn === null || stay.startedOn <= on) &&
    (stay.endedOn === null || on < stay.endedOn)
  );
}

export function overlaps(a: Stay, b: Stay): boolean {
  const aStart = a.startedOn?.getTime() ?? -Infinity;
  const bStart = b.startedOn?.getTime() ?? -Infinity;
  const aEnd = a.endedOn?.getTime() ?? Infinity;
  const bEnd = b.endedOn?.getTime() ?? Infinity;
  return aStart < bEnd && bStart < aEnd;
}

/** The open stay, if any (at most one: the lifecycle keeps it so). */
export function openStay<S extends Stay>(stays: readonly S[]): S | undefined {
  return stays.find((s) => s.endedOn === null);
}

/** The latest date any stay began or ended: a change may not be dated before it. */
export function lastChange(stays: readonly Stay[]): Date | undefined {
  let last: Date | undefined;
  for (const s of stays)
    for (const d of [s.startedOn, s.endedOn]) if (d && (!last || d > last)) last = d;
  return last;
}

/**
 * The merged record's stays that do not overlap any of the kept record's: for the dates both
 * records claim, the kept record is the truth (a person is in one unit on one day).
 */
export function staysToMerge<S extends Stay>(kept: readonly Stay[], merged: readonly S[]): S[] {
  return merged.filter((m) => !kept.some((k) => overlaps(k, m)));
}
