import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * PGlite does not stop a second process from opening the same files, and two would corrupt them.
 * This lock file (holding the owner's pid) does: taken before opening, removed on close, and taken
 * over when the process that left it is gone (a crash).
 */
export function lockDataDir(lockPath: string): () => void {
  if (!tryCreate(lockPath)) {
    const owner = readOwner(lockPath);
    if (owner !== undefined && isRunning(owner)) {
      throw new Error(
        `the embedded database is in use by process ${owner} (lock file ${lockPath}). ` +
          'Stop that process first, or remove the lock file if no such process uses it.',
      );
    }
    unlinkSync(lockPath);
    if (!tryCreate(lockPath)) throw new Error(`another process took the lock ${lockPath} first`);
  }
  return () => {
    if (readOwner(lockPath) === process.pid) unlinkSync(lockPath);
  };
}

function tryCreate(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
