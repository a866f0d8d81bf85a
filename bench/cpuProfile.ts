/**
 * Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`): self time grouped by part —
 * database (Prisma, better-sqlite3, store/), template rendering, SMTP (nodemailer, the mailer),
 * the mail sink, Temporal (SDK, workflow activations), Yanzhen's delivery code, other — by the
 * file or package of each frame. Frames without a file of their own (native functions such as a
 * better-sqlite3 statement, node: internals, WebAssembly) count for the nearest caller that has
 * one, so a socket write made by nodemailer is SMTP and a statement run by Prisma is database.
 * Profiles of other threads than the main one (workflow activations run in a worker thread)
 * count as "Temporal: workflow thread" as a whole. Samples can be cut to time windows
 * (monotonic µs, as `profileWindow()` reads them in any process on the machine).
 *
 *   npx tsx bench/cpuProfile.ts <file.cpuprofile | folder> [messages] [from-to]
 *
 * `from-to` (monotonic µs, as the campaign bench logs its launch window) keeps those samples.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of time in monotonic microseconds (the clock V8's profiler stamps samples with). */
export interface Window {
  from: number;
  to: number;
}

/** Now, in monotonic microseconds: the same clock in every process of the machine. */
export function profileWindow(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const PARTS = [
  'database (Prisma, SQLite)',
  'templates (rendering)',
  'SMTP (nodemailer)',
  'sink',
  'Temporal SDK',
  'Temporal: workflow thread',
  'Yanzhen delivery (outbox logic)',
  'Yanzhen other',
  'other packages',
  'node internals',
  'garbage collection',
  'V8/native (program)',
] as const;
export type Part = (typeof PARTS)[number];

/**
 * Where node_modules really is: a checkout may link it to a shared tree whose path has no
 * `/node_modules/` in it, and V8 names frames by the real path.
 */
const MODULES = (() => {
  try {
    return realpathSync(join(ROOT, 'node_modules')) + '/';
  } catch {
    return undefined;
  }
})();

function packageOf(url: string): string | undefined {
  const i = url.lastIndexOf('/node_modules/');
  const rest =
    i >= 0
      ? url.slice(i + '/node_modules/'.length)
      : MODULES && url.startsWith(MODULES)
        ? url.slice(MODULES.length)
        : undefined;
  if (rest === undefined) return undefined;
  const [a, b] = rest.split('/');
  return a!.startsWith('@') ? `${a}/${b}` : a;
}

/** The part a frame's own file or package names, or undefined when it has none (inherits). */
function partOf(url: string): { part: Part; where: string } | undefined {
  if (!url || url.startsWith('node:') || url.startsWith('wasm://') || !url.includes('/'))
    return undefined;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = packageOf(path);
  if (pkg) {
    if (/^(@prisma\/|prisma$|better-sqlite3$)/.test(pkg))
      return { part: 'database (Prisma, SQLite)', where: pkg };
    if (/^(nodemailer)$/.test(pkg)) return { part: 'SMTP (nodemailer)', where: pkg };
    if (/^(smtp-server|mailparser)$/.test(pkg)) return { part: 'sink', where: pkg };
    if (/^(@temporalio\/|protobufjs|@protobufjs\/|@grpc\/|long$|proto3-json)/.test(pkg))
      return { part: 'Temporal SDK', where: pkg };
    return { part: 'other packages', where: pkg };
  }
  const file = relative(ROOT, path);
  if (file.startsWith('..')) return { part: 'other packages', where: basename(path) };
  if (/^(store|generated|prisma)\//.test(file))
    return { part: 'database (Prisma, SQLite)', where: file };
  if (/^activities\/notices\/mailer/.test(file)) return { part: 'SMTP (nodemailer)', where: file };
  if (/^activities\/notices\/deliver/.test(file))
    return { part: 'Yanzhen delivery (outbox logic)', where: file };
  if (/^activities\/notices\//.test(file)) return { part: 'templates (rendering)', where: file };
  if (/^runtime\/mailSink/.test(file)) return { part: 'sink', where: file };
  if (/workflow-bundle/.test(file)) return { part: 'Temporal: workflow thread', where: file };
  return { part: 'Yanzhen other', where: file };
}

/** Is this the main thread's profile? `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile` */
function isMainThread(file: string): boolean {
  const parts = basename(file).split('.');
  return parts.length < 7 || parts[4] === '0';
}

/**
 * Sampled time is a thread's busy wall time (running, or waiting for the CPU or in a blocking
 * call), not its CPU time: on a loaded machine it is larger. Shares are the robust figure.
 */
export interface ProfileSummary {
  files: number;
  /** Sampled busy milliseconds in the windows, all parts. */
  sampled_ms: number;
  /** Milliseconds by part (idle excluded). */
  by_part_ms: Record<string, number>;
  /** Percent of the sampled time by part. */
  share_percent: Record<string, number>;
  /** The busiest files and packages, milliseconds. */
  top: [string, number][];
}

/** Self time by part of the profiles in `files`, only samples within `windows` when given. */
export function summariseProfiles(files: string[], windows?: Window[]): ProfileSummary {
  const byPart = new Map<string, number>();
  const byWhere = new Map<string, number>();
  let sampled = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const main = isMainThread(file);
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const memo = new Map<number, { part: Part; where: string }>();
    const classify = (id: number): { part: Part; where: string } => {
      const known = memo.get(id);
      if (known) return known;
      const n = nodes.get(id)!;
      const name = n.callFrame.functionName;
      let c: { part: Part; where: string };
      if (!main) c = { part: 'Temporal: workflow thread', where: 'workflow thread' };
      else if (name === '(garbage collector)') c = { part: 'garbage collection', where: name };
      else if (name === '(program)') c = { part: 'V8/native (program)', where: name };
      else {
        const own = partOf(n.callFrame.url);
        const up = parent.get(id);
        c =
          own ??
          (up !== undefined && nodes.get(up)!.callFrame.functionName !== '(root)'
            ? classify(up)
            : { part: 'node internals', where: n.callFrame.url || name });
      }
      memo.set(id, c);
      return c;
    };
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      if (windows && !windows.some((w) => t >= w.from && t <= w.to)) continue;
      const n = nodes.get(profile.samples[i]!)!;
      if (n.callFrame.functionName === '(idle)') continue;
      const { part, where } = classify(n.id);
      byPart.set(part, (byPart.get(part) ?? 0) + ms);
      byWhere.set(where, (byWhere.get(where) ?? 0) + ms);
      sampled += ms;
    }
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    files: files.length,
    sampled_ms: r(sampled),
    by_part_ms: Object.fromEntries(
      PARTS.filter((p) => byPart.has(p)).map((p) => [p, r(byPart.get(p)!)]),
    ),
    share_percent: Object.fromEntries(
      PARTS.filter((p) => byPart.has(p)).map((p) => [p, r((100 * byPart.get(p)!) / sampled)]),
    ),
    top: [...byWhere.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([w, ms]) => [w, r(ms)]),
  };
}

/** The .cpuprofile files of a folder (or the one file). */
export function profileFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
}

/** Milliseconds per message by part, from a summary. */
export function perMessage(summary: ProfileSummary, messages: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(summary.by_part_ms).map(([p, ms]) => [
      p,
      Math.round((ms / messages) * 1000) / 1000,
    ]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, messages, window] = process.argv.slice(2);
  if (!path) {
    console.error(
      'usage: npx tsx bench/cpuProfile.ts <file.cpuprofile | folder> [messages] [from-to]',
    );
    process.exit(2);
  }
  const [from, to] = (window ?? '').split('-').map(Number);
  const summary = summariseProfiles(profileFiles(path), from && to ? [{ from, to }] : undefined);
  console.log(JSON.stringify(summary, null, 2));
  if (messages) console.log(JSON.stringify(perMessage(summary, Number(messages)), null, 2));
}
