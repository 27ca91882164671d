import { inArray } from 'drizzle-orm';
import { parseInstant } from '../../../shared/units/time';
import {
  JournalReader,
  type JournalLine,
  type JournalProblem,
} from '../../../shared/protocol/journal';
import type { Fact, FactResult } from '../../../shared/protocol/sync';
import { factRefusal, saleLoyaltyRefusal } from '../../../shared/protocol/factChecks';
import { latestVersion } from '../distribution/feed';
import type { CatalogueWindow } from '../posting/catalogue';
import { catalogueWindow } from './catalogueWindow';
import { lastQuietContact } from './health';
import type { ServerContext } from '../context';
import { registers } from '../db/schema';
import { contradictsWhatServerKnows, isClockSkewed, type QuietContact } from './skew';
import { cardIssueTimes } from './cardIssue';
import { storeOneFact, type Arrival } from './storeFact';
import type { RawLine } from './journalLines';

/** Bad lines listed in an answer; past this they are only counted (`counts.invalid`). */
export const MAX_LISTED_PROBLEMS = 100;
/** Facts stored per round: the registers they name are looked up once per round. */
const ROUND = 200;

/**
 * Who brings a register's exported journal: the register itself (its token: only its own facts,
 * as with a push), or head office (a head office sign-in, or an operator at the server's command
 * line: any register's facts, each checked against the register and store it names).
 */
export type JournalImporter =
  | { readonly kind: 'register'; readonly register: { id: string; store: string } }
  | { readonly kind: 'headOffice' };

export type ImportedFact = FactResult & { readonly line: number };

export interface JournalImportResult {
  readonly serverTime: string;
  readonly results: readonly ImportedFact[];
  /** The first bad lines, at most MAX_LISTED_PROBLEMS; `counts.invalid` counts them all. */
  readonly problems: readonly JournalProblem[];
  readonly counts: Record<FactResult['status'] | 'invalid', number>;
}

type StoreOf = (register: string) => string | undefined;

async function registerStores(context: ServerContext, facts: readonly JournalLine[]) {
  const ids = [...new Set(facts.map(({ fact }) => fact.register))];
  if (ids.length === 0) return new Map<string, string>();
  const rows = await context.database.db
    .select({ id: registers.id, store: registers.storeId })
    .from(registers)
    .where(inArray(registers.id, ids));
  return new Map(rows.map((row) => [row.id, row.store]));
}

/** Why this importer may not bring this fact, or null when it may. */
function refusal(fact: Fact, importer: JournalImporter, storeOf: StoreOf): string | null {
  if (importer.kind === 'register') {
    const own = importer.register;
    if (fact.store !== own.store)
      return `forged store: this register belongs to store ${own.store}, the fact says ${fact.store}`;
    if (fact.register !== own.id)
      return `forged register: this token is register ${own.id}, the fact says ${fact.register}`;
    return null;
  }
  const store = storeOf(fact.register);
  if (store === undefined) return `unknown register ${fact.register}`;
  if (store !== fact.store)
    return `register ${fact.register} belongs to store ${store}, the fact says ${fact.store}`;
  return null;
}

/**
 * An export can be read long after it was written, so its own time is not compared with the
 * server's: a fact is flagged when it claims to be younger than the export, or the export claims
 * to come from the future. Without an export time the fact's device time meets the server clock,
 * as a push without `sentAt` does.
 */
export function importSkewed(
  deviceTime: number,
  exportedAt: number | null,
  serverNow: number,
  windowMs: number,
): boolean {
  if (exportedAt === null) return isClockSkewed(deviceTime, null, serverNow, windowMs);
  return exportedAt > serverNow + windowMs || deviceTime > exportedAt + windowMs;
}

/** The catalogue versions the fact's register could have priced it at (catalogueWindow.ts). */
async function importedWindow(
  context: ServerContext,
  fact: Fact,
  quiet: QuietContact | null,
): Promise<CatalogueWindow> {
  const latest = await latestVersion(context.database, fact.store);
  return catalogueWindow(fact.deviceSeq, quiet, latest.version);
}

/** How an imported fact arrives: as pushed by its register now, priced within its window. */
async function importedArrival(
  context: ServerContext,
  fact: Fact,
  serverTime: Date,
  skewFlagged: boolean,
  quiet: QuietContact | null,
): Promise<Arrival> {
  return {
    registerId: fact.register,
    serverTime,
    skewFlagged,
    loyaltyRefused: saleLoyaltyRefusal(fact, context.config),
    catalogue: await importedWindow(context, fact, quiet),
  };
}

function countResults(results: readonly ImportedFact[], invalid: number) {
  const counts = { accepted: 0, duplicate: 0, rejected: 0, invalid };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/** Each register's last quiet contact, read once per round. */
function quietContacts(context: ServerContext) {
  const known = new Map<string, Promise<QuietContact | null>>();
  return (register: string): Promise<QuietContact | null> => {
    let quiet = known.get(register);
    if (quiet === undefined) {
      quiet = lastQuietContact(context.database, register);
      known.set(register, quiet);
    }
    return quiet;
  };
}

/**
 * Whether an imported fact's device time is not believed, as a push decides it (ingest/push.ts):
 * besides the export's own times, a fact made after its register's last quiet contact but dated
 * before it, a date no register clock shows, or a date before its card was issued is flagged, and
 * its points are dated by the server's receipt time.
 */
function importedSkew(
  fact: Fact,
  exportedAt: number | null,
  now: number,
  windowMs: number,
  quiet: QuietContact | null,
  issued: ReadonlyMap<string, number>,
): boolean {
  const deviceTime = parseInstant(fact.deviceTime);
  return (
    importSkewed(deviceTime, exportedAt, now, windowMs) ||
    contradictsWhatServerKnows(fact, deviceTime, quiet, issued, now, windowMs)
  );
}

/** Stores one round of facts, each checked against who brings it. */
async function storeRound(
  context: ServerContext,
  importer: JournalImporter,
  round: readonly JournalLine[],
  exportedAt: number | null,
): Promise<ImportedFact[]> {
  const now = context.clock.now();
  const serverTime = new Date(now);
  const stores = importer.kind === 'headOffice' ? await registerStores(context, round) : null;
  const storeOf: StoreOf = (register) => stores?.get(register);
  const issued = await cardIssueTimes(
    context.database,
    round.map(({ fact }) => fact),
  );
  const quietOf = quietContacts(context);
  const results: ImportedFact[] = [];
  for (const { line, fact } of round) {
    const refused = refusal(fact, importer, storeOf) ?? factRefusal(fact, context.config);
    if (refused) {
      results.push({ line, id: fact.id, status: 'rejected', reason: refused });
      continue;
    }
    const quiet = await quietOf(fact.register);
    const skewed = importedSkew(fact, exportedAt, now, context.config.clockSkewMs, quiet, issued);
    results.push({
      line,
      ...(await storeOneFact(
        context,
        fact,
        importedArrival(context, fact, serverTime, skewed, quiet),
      )),
    });
  }
  return results;
}

/**
 * Reads a journal line by line and stores its good facts through the same path as a push (one
 * transaction per fact, idempotent by fact id, pending until the posting job), a round at a time,
 * so neither the file nor its problems are ever held whole. Answers one result per fact with its
 * line number, and the first bad lines with theirs.
 */
export async function importJournal(
  context: ServerContext,
  importer: JournalImporter,
  lines: AsyncIterable<RawLine>,
  maxLineBytes: number,
): Promise<JournalImportResult> {
  const reader = new JournalReader();
  const results: ImportedFact[] = [];
  const problems: JournalProblem[] = [];
  let invalid = 0;
  let round: JournalLine[] = [];
  const exportedAt = () => (reader.header ? parseInstant(reader.header.exportedAt) : null);
  for await (const raw of lines) {
    const read =
      'tooLong' in raw
        ? { problem: { line: raw.line, message: `longer than ${maxLineBytes} bytes` } }
        : reader.read(raw.text, raw.line);
    if (read === null) continue;
    if ('problem' in read) {
      invalid += 1;
      if (problems.length < MAX_LISTED_PROBLEMS) problems.push(read.problem);
      continue;
    }
    round.push(read.fact);
    if (round.length < ROUND) continue;
    results.push(...(await storeRound(context, importer, round, exportedAt())));
    round = [];
  }
  if (round.length > 0) results.push(...(await storeRound(context, importer, round, exportedAt())));
  return {
    serverTime: new Date(context.clock.now()).toISOString(),
    results,
    problems,
    counts: countResults(results, invalid),
  };
}
