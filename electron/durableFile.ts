import { open, rename, stat } from 'node:fs/promises';
import path from 'node:path';

/** The part of `fs.promises.open` the journal uses; tests pass a wrapper that watches fsync. */
export type OpenFile = typeof open;

const NEWLINE = 0x0a;

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Makes a new or renamed directory entry durable. Windows cannot open a directory for that; its
 * file system journals metadata itself.
 */
export async function syncDirectory(dir: string, openFile: OpenFile = open): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await openFile(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function endsWithNewline(handle: Awaited<ReturnType<OpenFile>>): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === NEWLINE;
}

/**
 * Appends whole lines and returns only once they are on disk (fsync). A line torn by a crash
 * mid-write is closed with a newline first, so it never swallows the lines after it.
 */
export async function appendLines(
  file: string,
  lines: readonly string[],
  openFile: OpenFile = open,
): Promise<void> {
  if (lines.length === 0) return;
  const created = !(await exists(file));
  const handle = await openFile(file, 'a+');
  try {
    const prefix = (await endsWithNewline(handle)) ? '' : '\n';
    await handle.write(`${prefix}${lines.join('\n')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(path.dirname(file), openFile);
}

/** Replaces a file all at once: a reader sees the old content or the new, never half of it. */
export async function writeFileAtomically(
  file: string,
  content: string,
  openFile: OpenFile = open,
): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await openFile(temporary, 'w', 0o600);
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  await syncDirectory(path.dirname(file), openFile);
}

export { exists as fileExists };
