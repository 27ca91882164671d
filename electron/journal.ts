import { mkdir, readFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { journalHeaderLine, parseJournal } from '../shared/protocol/journal';
import type { Fact } from '../shared/protocol/sync';
import { appendLines, fileExists, writeFileAtomically, type OpenFile } from './durableFile';

export interface JournalContents {
  /** Facts not yet confirmed by the server, in the order they were written, each id once. */
  readonly unsynced: readonly Fact[];
  /** Lines that could not be read (a write torn by a power cut): skipped, never fatal. */
  readonly unreadableLines: readonly number[];
}

export interface JournalExport {
  readonly path: string;
  readonly facts: number;
  readonly unreadableLines: readonly number[];
}

const FACTS_FILE = 'facts.jsonl';
const SYNCED_FILE = 'synced.jsonl';

async function readText(file: string): Promise<string> {
  return (await fileExists(file)) ? readFile(file, 'utf8') : '';
}

function syncedIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    try {
      const id: unknown = JSON.parse(line);
      if (typeof id === 'string') ids.add(id);
    } catch {
      // A torn last line: that id is confirmed again by the next push.
    }
  }
  return ids;
}

/**
 * The register's journal of facts, kept by the desktop shell outside the browser profile so that
 * clearing Chromium's storage cannot lose a sale: every fact the register records is appended (and
 * fsync'd) before the sale completes; the ids the server confirmed are appended to a second file.
 * Writes are queued one after another; nothing is ever rewritten except by `compact`, which drops
 * only confirmed facts.
 */
export class FactJournal {
  private queue: Promise<unknown> = Promise.resolve();
  readonly factsFile: string;
  readonly syncedFile: string;

  constructor(
    readonly dir: string,
    private readonly openFile: OpenFile = open,
  ) {
    this.factsFile = path.join(dir, FACTS_FILE);
    this.syncedFile = path.join(dir, SYNCED_FILE);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  append(facts: readonly Fact[]): Promise<number> {
    return this.serial(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendLines(
        this.factsFile,
        facts.map((fact) => JSON.stringify(fact)),
        this.openFile,
      );
      return facts.length;
    });
  }

  markSynced(ids: readonly string[]): Promise<number> {
    return this.serial(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendLines(
        this.syncedFile,
        ids.map((id) => JSON.stringify(id)),
        this.openFile,
      );
      return ids.length;
    });
  }

  /** The unsynced facts with their lines exactly as written, which exports and compaction keep. */
  private async contents(): Promise<JournalContents & { lines: string[]; rawLines: string[] }> {
    const rawLines = (await readText(this.factsFile)).split('\n');
    const parsed = parseJournal(rawLines.join('\n'));
    const synced = syncedIds(await readText(this.syncedFile));
    const seen = new Set<string>();
    const unsynced: Fact[] = [];
    const lines: string[] = [];
    for (const { fact, line } of parsed.facts) {
      if (synced.has(fact.id) || seen.has(fact.id)) continue;
      seen.add(fact.id);
      unsynced.push(fact);
      lines.push(rawLines[line - 1] ?? JSON.stringify(fact));
    }
    const unreadableLines = parsed.problems.map((problem) => problem.line);
    return { unsynced, unreadableLines, lines, rawLines };
  }

  read(): Promise<JournalContents> {
    return this.serial(async () => {
      const { unsynced, unreadableLines } = await this.contents();
      return { unsynced, unreadableLines };
    });
  }

  /** Writes the unsynced facts to `target` in the format the server's import reads. */
  exportTo(target: string, exportedAt: string): Promise<JournalExport> {
    return this.serial(async () => {
      const { lines, unreadableLines } = await this.contents();
      const text = [journalHeaderLine(exportedAt), ...lines].map((line) => `${line}\n`).join('');
      await writeFileAtomically(target, text, this.openFile);
      return { path: target, facts: lines.length, unreadableLines };
    });
  }

  /**
   * Keeps the journal small: rewrites it with only the unconfirmed facts, then clears the
   * confirmations. A crash between the two leaves confirmations of facts no longer there: harmless.
   * Unreadable lines are kept aside in a file of their own rather than dropped.
   */
  compact(): Promise<{ kept: number }> {
    return this.serial(async () => {
      if (!(await fileExists(this.factsFile))) return { kept: 0 };
      const { lines, unreadableLines, rawLines } = await this.contents();
      const unreadable = unreadableLines.map((line) => rawLines[line - 1] ?? '');
      await appendLines(path.join(this.dir, 'unreadable.jsonl'), unreadable, this.openFile);
      const body = lines.map((line) => `${line}\n`).join('');
      await writeFileAtomically(this.factsFile, body, this.openFile);
      await writeFileAtomically(this.syncedFile, '', this.openFile);
      return { kept: lines.length };
    });
  }
}
