/**
 * The one bridge between the register page and the desktop shell: its shape, shared by the
 * preload that exposes it and the page that calls it. Types only, so the page's bundle takes
 * nothing from the shell. Every call answers `{ ok, value }` or `{ ok, error }`; none throws.
 */
import type { Fact } from '../shared/protocol/sync';

export type BridgeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Where the register's enrolment stands, kept in the shell's user data, not the browser profile. */
export interface RegisterIdentity {
  /** The sync server the shell forwards the page's `/api` requests to; null until set. */
  readonly serverUrl: string | null;
  /** Set at enrolment. */
  readonly enrolment: RegisterEnrolment | null;
}

export interface RegisterEnrolment {
  readonly store: string;
  readonly register: string;
  readonly token: string;
}

export interface PrintOutcome {
  /** True when printed without a dialog to the configured printer. */
  readonly silent: boolean;
  readonly printer: string | null;
}

export interface JournalExportOutcome {
  readonly path: string;
  readonly facts: number;
  /** Lines of the journal that could not be read (left out of the export, kept aside). */
  readonly unreadableLines: readonly number[];
}

export interface RegisterBridge {
  readonly version: 1;
  readIdentity(): Promise<BridgeResult<RegisterIdentity>>;
  /** Points the shell at a sync server; a different server forgets the enrolment. */
  setServerUrl(url: string): Promise<BridgeResult<RegisterIdentity>>;
  saveEnrolment(enrolment: RegisterEnrolment): Promise<BridgeResult<RegisterIdentity>>;
  /** Prints a receipt (a complete HTML document or a fragment) silently or with the dialog. */
  printReceipt(html: string): Promise<BridgeResult<PrintOutcome>>;
  /** Appends facts to the journal; resolves once they are on disk. */
  journalFacts(facts: readonly Fact[]): Promise<BridgeResult<{ readonly appended: number }>>;
  /** Records the ids the server confirmed (accepted or duplicate). */
  journalSynced(ids: readonly string[]): Promise<BridgeResult<{ readonly marked: number }>>;
  /** Asks where to save, then writes the unsynced facts there; null when the cashier cancelled. */
  exportJournal(): Promise<BridgeResult<JournalExportOutcome | null>>;
}

/** The name the preload gives the bridge on `window`. */
export type BridgeGlobalName = 'registerBridge';
