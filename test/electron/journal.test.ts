import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJournal } from '../../shared/protocol/journal';
import type { OpenFile } from '../../electron/durableFile';
import { FactJournal } from '../../electron/journal';
import { DeviceSequence, saleFact } from '../server/helpers/facts';

/** Node's own `open`, watched: records each fsync with what the file held on disk at that moment. */
function watchedOpen(syncs: { file: string; content: string }[]): OpenFile {
  return (async (...args: Parameters<OpenFile>) => {
    const handle = await open(...args);
    const file = String(args[0]);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      const content = await readFile(file, 'utf8').catch(() => '<directory>');
      syncs.push({ file, content });
    };
    return handle;
  }) as OpenFile;
}

describe('the journal of unsynced facts', () => {
  let dir: string;
  const seq = new DeviceSequence();
  const sale = () => saleFact({ card: null, lines: [{ net: '1.00' }] }, seq);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loyalty-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON fact per line and fsyncs the file (and its new directory entry) before answering', async () => {
    const syncs: { file: string; content: string }[] = [];
    const journal = new FactJournal(path.join(dir, 'journal'), watchedOpen(syncs));
    const [a, b, c] = [sale(), sale(), sale()];
    expect(await journal.append([a, b])).toBe(2);
    expect(syncs.map((s) => s.file)).toEqual([journal.factsFile, journal.dir]);
    expect(syncs[0]?.content).toBe(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`);

    await journal.append([c]);
    expect(syncs).toHaveLength(3);
    const lines = (await readFile(journal.factsFile, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual([a.id, b.id, c.id]);
    expect((await journal.read()).unsynced.map((f) => f.id)).toEqual([a.id, b.id, c.id]);
  });

  it('keeps the order of concurrent appends whole, line by line', async () => {
    const journal = new FactJournal(dir);
    const facts = Array.from({ length: 40 }, sale);
    await Promise.all(facts.map((fact) => journal.append([fact])));
    const parsed = parseJournal(await readFile(journal.factsFile, 'utf8'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.facts.map((l) => l.fact.id)).toEqual(facts.map((f) => f.id));
  });

  it('leaves confirmed facts out, and a line torn by a crash never swallows the next one', async () => {
    const journal = new FactJournal(dir);
    const [a, b, c] = [sale(), sale(), sale()];
    await journal.append([a, b]);
    // A power cut in the middle of a write leaves half a line without its newline.
    await writeFile(journal.factsFile, `${await readFile(journal.factsFile, 'utf8')}{"id":"half`);
    await journal.append([c]);
    await journal.markSynced([a.id]);
    const contents = await journal.read();
    expect(contents.unsynced.map((f) => f.id)).toEqual([b.id, c.id]);
    expect(contents.unreadableLines).toEqual([3]);
  });

  it("exports the unsynced facts after a header, fsync'd, in the format the server imports", async () => {
    const syncs: { file: string; content: string }[] = [];
    const journal = new FactJournal(dir, watchedOpen(syncs));
    const [a, b] = [sale(), sale()];
    await journal.append([a, b, a]);
    await journal.markSynced([b.id]);
    const target = path.join(dir, 'export.jsonl');
    const result = await journal.exportTo(target, '2026-03-01T12:00:00.000Z');
    expect(result).toEqual({ path: target, facts: 1, unreadableLines: [] });
    const text = await readFile(target, 'utf8');
    expect(syncs.some((s) => s.file.startsWith(`${target}.`) && s.content === text)).toBe(true);
    const parsed = parseJournal(text);
    expect(parsed.header?.exportedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(parsed.problems).toEqual([]);
    expect(parsed.facts).toEqual([{ line: 2, fact: a }]);
  });

  it('compacts to the unconfirmed facts, keeping unreadable lines aside', async () => {
    const journal = new FactJournal(dir);
    const [a, b] = [sale(), sale()];
    await journal.append([a]);
    await writeFile(journal.factsFile, `${await readFile(journal.factsFile, 'utf8')}garbage\n`);
    await journal.append([b]);
    await journal.markSynced([a.id]);
    expect(await journal.compact()).toEqual({ kept: 1 });
    expect(await readFile(journal.factsFile, 'utf8')).toBe(`${JSON.stringify(b)}\n`);
    expect(await readFile(journal.syncedFile, 'utf8')).toBe('');
    expect(await readFile(path.join(dir, 'unreadable.jsonl'), 'utf8')).toBe('garbage\n');
    expect((await journal.read()).unsynced).toEqual([b]);
  });

  it('reads an absent journal as empty and exports just the header', async () => {
    const journal = new FactJournal(path.join(dir, 'never-written'));
    expect(await journal.read()).toEqual({ unsynced: [], unreadableLines: [] });
    expect(await journal.compact()).toEqual({ kept: 0 });
    const target = path.join(dir, 'empty.jsonl');
    expect((await journal.exportTo(target, '2026-03-01T12:00:00.000Z')).facts).toBe(0);
    expect(parseJournal(await readFile(target, 'utf8')).facts).toEqual([]);
  });
});
