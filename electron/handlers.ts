import { z } from 'zod';
import { Uuid } from '../shared/domain/common';
import { Fact, MAX_FACTS_PER_PUSH } from '../shared/protocol/sync';
import type { BridgeResult, PrintOutcome } from './bridgeApi';
import type { Capability } from './channels';
import { EnrolmentSchema, type IdentityStore } from './identity';
import type { FactJournal } from './journal';
import { MAX_RECEIPT_CHARS } from './printing';

/** What the bridge's handlers reach for; main.ts passes Electron's parts, tests their own. */
export interface BridgeDependencies {
  readonly identity: IdentityStore;
  readonly journal: FactJournal;
  readonly print: (html: string) => Promise<PrintOutcome>;
  /** Asks where to save an export; null when cancelled. */
  readonly chooseExportPath: (suggestedName: string) => Promise<string | null>;
  readonly now: () => number;
}

export type BridgeHandler = (args: readonly unknown[]) => Promise<BridgeResult<unknown>>;

function describe(error: unknown): string {
  if (error instanceof z.ZodError)
    return error.issues
      .map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** Checks the page's arguments, runs the work, and turns every failure into `{ ok: false }`. */
function handler<A extends z.ZodTuple, T>(
  args: A,
  work: (...parsed: z.infer<A>) => Promise<T>,
): BridgeHandler {
  return async (raw) => {
    try {
      const parsed = args.parse(raw) as z.infer<A>;
      return { ok: true, value: await work(...parsed) };
    } catch (error) {
      return { ok: false, error: describe(error) };
    }
  };
}

export function exportFileName(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  return `register-journal-${stamp}.jsonl`;
}

/** One handler per capability of the bridge, each answering `{ ok, value } | { ok, error }`. */
export function bridgeHandlers(deps: BridgeDependencies): Record<Capability, BridgeHandler> {
  return {
    readIdentity: handler(z.tuple([]), () => deps.identity.read()),
    setServerUrl: handler(z.tuple([z.string().max(2048)]), (url) =>
      deps.identity.setServerUrl(url),
    ),
    saveEnrolment: handler(z.tuple([EnrolmentSchema]), (enrolment) =>
      deps.identity.saveEnrolment(enrolment),
    ),
    printReceipt: handler(z.tuple([z.string().min(1).max(MAX_RECEIPT_CHARS)]), (html) =>
      deps.print(html),
    ),
    journalFacts: handler(
      z.tuple([z.array(Fact).min(1).max(MAX_FACTS_PER_PUSH)]),
      async (facts) => ({
        appended: await deps.journal.append(facts),
      }),
    ),
    journalSynced: handler(z.tuple([z.array(Uuid).max(10 * MAX_FACTS_PER_PUSH)]), async (ids) => ({
      marked: await deps.journal.markSynced(ids),
    })),
    exportJournal: handler(z.tuple([]), async () => {
      const target = await deps.chooseExportPath(exportFileName(deps.now()));
      if (target === null) return null;
      return deps.journal.exportTo(target, new Date(deps.now()).toISOString());
    }),
  };
}
