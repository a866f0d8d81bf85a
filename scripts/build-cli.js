/**
 * The `yz` CLI compiled ahead of time, so a command starts without compiling TypeScript:
 * esbuild bundles client/cli/main.ts into dist/cli/ (gitignored), one chunk per command group,
 * packages left to node_modules. `import.meta.url` in a source file keeps meaning that file (the
 * worker's workflow path, the Prisma client's folder). dist/cli/inputs.json lists the sources;
 * the build is current while none of them is newer than it.
 *
 *   node scripts/build-cli.js            build
 *   node scripts/build-cli.js --if-stale build only when missing or out of date
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'dist', 'cli');
const INPUTS = join(OUT, 'inputs.json');

/** The built entry when it exists and no source it was built from has changed since; else null. */
export function currentBuild() {
  try {
    const entry = join(OUT, 'main.js');
    const built = statSync(INPUTS).mtimeMs;
    const inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
    for (const file of inputs) if (statSync(join(ROOT, file)).mtimeMs > built) return null;
    return existsSync(entry) ? entry : null;
  } catch {
    return null; // no build yet, or a source was removed
  }
}

/** Builds into a fresh folder, then puts it in place: a `yz` starting meanwhile sees old or new. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const next = `${OUT}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const keepImportMetaUrl = {
    name: 'keep-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        // Chunks all sit in dist/cli/ (built in a sibling folder): the source's path from there.
        const rel = relative(OUT, args.path).split('\\').join('/');
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
  // Prisma's runtime as ES module: under Node its package points `import` at the CommonJS build,
  // which Node must scan for named exports first (about 30 ms of every command's start).
  const prismaRuntimeAsEsm = {
    name: 'prisma-runtime-as-esm',
    setup(b) {
      b.onResolve({ filter: /^@prisma\/client\/runtime\/client$/ }, () => ({
        path: '@prisma/client/runtime/client.mjs',
        external: true,
      }));
    },
  };
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'client/cli/main.ts' },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [keepImportMetaUrl, prismaRuntimeAsEsm],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
  writeFileSync(join(next, 'inputs.json'), `${JSON.stringify(inputs.sort(), null, 1)}\n`);
  rmSync(OUT, { recursive: true, force: true });
  renameSync(next, OUT);
  return join(OUT, 'main.js');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale') && currentBuild()) process.exit(0);
  const started = Date.now();
  await buildCli();
  process.stderr.write(`[deps] yz CLI built into dist/cli in ${Date.now() - started} ms\n`);
}
