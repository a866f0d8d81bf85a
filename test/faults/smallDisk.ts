/**
 * A real full disk for fault tests and the bench: a tmpfs of a few hundred KB mounted on a fresh
 * folder (needs root, as CI runs), filled to the last byte by a filler file that `free()` removes.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills the disk until a write fails with ENOSPC. */
  fill(): void;
  /** Removes the filler: space returns. */
  free(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeKb = 512): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'yz-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `磁盘写满测试需要挂载 tmpfs（以 root 运行）/ the full-disk test mounts a tmpfs and must run as root: ${(e as Error).message}`,
    );
  }
  const filler = join(dir, 'filler.bin');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [65_536, 4_096, 512, 1])
          for (;;)
            try {
              writeSync(fd, Buffer.alloc(size));
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw e;
            }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      unlinkSync(filler);
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
