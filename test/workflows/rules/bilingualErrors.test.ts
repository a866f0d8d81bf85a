/**
 * Holds the line on issue #13: every error a coordinator can read is in Chinese first, the English
 * beside it. Reads the sources of client/, store/, workflows/, activities/, runtime/ and common/
 * and names, by file:line, every error whose message is written out in English alone:
 * - `throw new <Class>(…)`, whatever the class;
 * - `new <Class>(…)` of an error class made to be thrown later (`…Error`, `NotFound`, `Conflict`,
 *   `Gone`, `Forbidden`, `Unavailable`), as a helper that builds one returns it;
 * - `super(…)` in the constructor of such a class, which writes its own message;
 * - `ApplicationFailure.nonRetryable(…)` / `.retryable(…)`, an activity's failure as it is read.
 * The message is the first argument; when it is written out (a string, a template, a `+` chain of
 * them, either side of a `?:`) its first literal must hold a Chinese character. A message made
 * elsewhere (a variable, a call such as `problems.join('\n')`, or a template that only joins such
 * pieces with punctuation, `${field}: ${reason}`) is checked where it is made.
 * The few programmer errors no coordinator is meant to meet are allowed below, each with why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../../..');
const ROOTS = ['client', 'store', 'workflows', 'activities', 'runtime', 'common'];
const HAN = /\p{Script=Han}/u;
/** A literal without a word (`${field}: ${reason}`) only joins messages made elsewhere. */
const LATIN = /[A-Za-z]/;
/** Error classes that a helper may build and return for its caller to throw. */
const ERROR_CLASS = /(?:Error|^NotFound|^Conflict|^Gone|^Forbidden|^Unavailable)$/;

interface Allowed {
  file: string;
  /** A piece of the message as written in the source (its literal text, `${…}` left out). */
  message: string;
  why: string;
}

/** Programmer errors: invariants and developer tooling, never an answer to a coordinator. */
const ALLOWED: Allowed[] = [
  {
    file: 'client/cli/identity.ts',
    message: 'the CLI identity is resolved before a command runs',
    why: 'an invariant of the CLI: every command resolves its identity first',
  },
  {
    file: 'store/bulkInsert.ts',
    message: 'not an identifier: ',
    why: 'an invariant: table and column names come from code, never from input',
  },
  {
    file: 'store/db.ts',
    message: ' holds malformed JSON',
    why: 'a corrupt row written by no code of ours: a fault for the logs',
  },
  {
    file: 'workflows/rules/chunk.ts',
    message: 'chunk size must be >= 1, got ',
    why: 'an invariant: chunk sizes are constants in code',
  },
  {
    file: 'activities/notices/groupCommit.ts',
    message: 'groupCommit: maxItems must be >= 1, got ',
    why: 'an invariant: the batch size is a constant in code',
  },
  {
    file: 'client/operations/exam/rewards.ts',
    message: 'decided meanwhile',
    why: 'a signal inside one transaction, caught a few lines on and answered as a Conflict',
  },
  {
    file: 'runtime/devServer.ts',
    message: '',
    why: 'the development and test Temporal server: a developer’s tool, its faults for developers',
  },
  {
    file: 'runtime/timeSkipping.ts',
    message: '',
    why: 'the time-skipping test server: a developer’s tool, its faults for developers',
  },
];

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** The literal texts a message argument is written as (empty when it is made elsewhere). */
function messageLiterals(node: ts.Expression): string[] {
  if (ts.isParenthesizedExpression(node)) return messageLiterals(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) {
    return [node.head.text + node.templateSpans.map((s) => s.literal.text).join('')];
  }
  if (ts.isConditionalExpression(node)) {
    return [...messageLiterals(node.whenTrue), ...messageLiterals(node.whenFalse)];
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = messageLiterals(node.left);
    return left.length ? left : messageLiterals(node.right);
  }
  return [];
}

interface Offence {
  at: string;
  file: string;
  message: string;
}

/** Every error in the source whose written message holds no Chinese. */
function englishOnlyErrors(source: string, file: string): Offence[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Offence[] = [];
  const check = (node: ts.Node, what: string, first: ts.Expression | undefined) => {
    if (!first) return;
    for (const message of messageLiterals(first)) {
      if (HAN.test(message) || !LATIN.test(message)) continue;
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      found.push({ at: `${file}:${line} ${what}(${JSON.stringify(message)})`, file, message });
    }
  };
  let errorClass: string | undefined; // the error class whose body is being read
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) {
      const cls = node.expression.getText(sf);
      if (ts.isThrowStatement(node.parent) || ERROR_CLASS.test(cls))
        check(node, `new ${cls}`, node.arguments?.[0]);
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      /^ApplicationFailure\.(nonRetryable|retryable)$/.test(node.expression.getText(sf))
    )
      check(node, node.expression.getText(sf), node.arguments[0]);
    if (
      errorClass &&
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.SuperKeyword
    )
      check(node, `${errorClass} super`, node.arguments[0]);
    if (ts.isClassLike(node)) {
      const outer = errorClass;
      const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
      const parent = base?.types[0]?.expression.getText(sf) ?? '';
      errorClass = ERROR_CLASS.test(parent) ? (node.name?.text ?? parent) : undefined;
      ts.forEachChild(node, visit);
      errorClass = outer;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const allowedBy = (o: Offence) =>
  ALLOWED.find((a) => a.file === o.file && o.message.includes(a.message));

describe('errors a coordinator reads are in Chinese with English beside them', () => {
  const offences = ROOTS.flatMap((root) =>
    [...sourceFiles(join(REPO, root))].flatMap((path) =>
      englishOnlyErrors(readFileSync(path, 'utf8'), relative(REPO, path)),
    ),
  );

  it('no error message is English alone', () => {
    expect(offences.filter((o) => !allowedBy(o)).map((o) => o.at)).toEqual([]);
  });

  it('every allowed exception is still there, and says why', () => {
    const used = new Set(offences.map(allowedBy));
    for (const a of ALLOWED) {
      expect(a.why.length, a.file).toBeGreaterThan(20);
      expect(used.has(a), `${a.file}: "${a.message}" no longer occurs`).toBe(true);
    }
  });

  it('finds what it is meant to find', () => {
    const code = [
      "throw new InputError('unit is required');",
      "throw new InputError('单位必填 / unit is required');",
      'throw new NotFound(`unknown person id: ${id}`);',
      "throw new Conflict(done ? 'already ended' : '已结束 / already ended');",
      "const broken = () => new RosterFileError(name + ' is broken');",
      "throw new InputError(problems.join('\\n'));",
      'throw new InputError(`${field}: ${unknownText(v, written)}`);',
      "const e = new Map([['a', 'b']]);",
      'class Missing extends Error {',
      '  constructor(readonly field: string) {',
      '    super(`needs ${field}`);',
      '  }',
      '}',
      "throw ApplicationFailure.nonRetryable('no client', 'X');",
    ].join('\n');
    expect(englishOnlyErrors(code, 'x.ts').map((o) => o.at)).toEqual([
      'x.ts:1 new InputError("unit is required")',
      'x.ts:3 new NotFound("unknown person id: ")',
      'x.ts:4 new Conflict("already ended")',
      'x.ts:5 new RosterFileError(" is broken")',
      'x.ts:11 Missing super("needs ")',
      'x.ts:14 ApplicationFailure.nonRetryable("no client")',
    ]);
  });
});
