import type { z } from 'zod';
import type { ReserveResponse } from '../../../shared/protocol/sync';
import {
  PROTOCOL_VERSION,
  type CardSummary,
  type Fact,
  type ReserveRequest,
  type SyncEvent,
} from '../../../shared/protocol/sync';
import { ApiError, apiClient, type ApiClient } from '../../common/api';
import { api } from '../../../shared/protocol/api';
import { CardStore } from '../localdb/cardStore';
import {
  applyFactEvent,
  factTables,
  outboxDepth,
  recordFact,
  writeFacts,
  type FactDraft,
  REFUSED,
} from '../localdb/facts';
import { readMeta, type RegisterDb } from '../localdb/schema';
import { enrolWithCode, readEnrolment, saveEnrolment, type Enrolment } from './enrolment';
import { followEvents } from './events';
import { catchUpOutcomes } from './outcomes';
import { pullFeed } from './feed';
import { ServerLink, type Contact } from './link';
import { inThreadLoader, workerLoader, type PageLoader } from './pageLoaders';
import { pushOutbox } from './push';
import { hasSnapshot, loadSnapshot, VERSION_KEY } from './snapshot';
import { backoffMs, INITIAL_STATE, type SyncState } from './state';

export interface EngineOptions {
  readonly db: RegisterDb;
  readonly now?: () => number;
  /** A safety net for missed events: pull and push this often anyway. */
  readonly pollMs?: number;
  /** Told of every fact once it is committed locally (the desktop shell journals them). */
  readonly onRecorded?: (facts: Fact[]) => Promise<void>;
  /** Told of the facts the server stored (so the journal can let them go). */
  readonly onStored?: (ids: string[]) => Promise<void>;
  /**
   * Called after each pull while the server answers: upkeep that needs the network, such as
   * topping up the register's card-number blocks. Its failure is not the sync's.
   */
  readonly onPulled?: () => Promise<unknown>;
}

const PUSH_DELAY_MS = 250;

const revoked = (error: unknown) => error instanceof ApiError && error.status === 401;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The register's sync: first load (bulk snapshot, resumable), then the feed after the checkpoint,
 * pulled again when the server's event stream announces a newer version; the outbox pushed with
 * backoff, facts marked as the server answers. Screens read `getState` and call `recordFact` and
 * `lookupCard`; they never talk to the server for distributed data.
 */
export class SyncEngine {
  private state: SyncState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private readonly db: RegisterDb;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly onRecorded: (facts: Fact[]) => Promise<void>;
  private readonly onStored: (ids: string[]) => Promise<void>;
  private readonly onPulled: () => Promise<unknown>;
  private cards: CardStore | null = null;
  private link: ServerLink | null = null;
  private enrolment: Enrolment | null = null;
  private stopped = false;
  private eventsAbort: AbortController | null = null;
  private readonly sleepers = new Set<() => void>();
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly tasks = {
    pull: { running: false, again: false },
    push: { running: false, again: false },
  };

  constructor(options: EngineOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 60_000;
    this.onRecorded = options.onRecorded ?? (async () => {});
    this.onStored = options.onStored ?? (async () => {});
    this.onPulled = options.onPulled ?? (async () => {});
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): SyncState => this.state;

  private update(change: Partial<SyncState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  async start(): Promise<void> {
    this.cards = await CardStore.open(this.db);
    this.update({ version: (await readMeta<number>(this.db, VERSION_KEY)) ?? 0 });
    await this.refreshCounts();
    const enrolment = await readEnrolment(this.db);
    if (enrolment) this.connect(enrolment);
    else this.update({ phase: 'unenrolled' });
  }

  /** Enrols with head office's one-time code (or a token handed over) and starts syncing. */
  async enrol(
    handed: { code: string } | Omit<Enrolment, 'serverUrl'>,
    serverUrl: string,
  ): Promise<void> {
    if (this.enrolment)
      throw new Error(`this register is already enrolled as ${this.enrolment.register}`);
    let enrolment: Enrolment;
    try {
      enrolment =
        'code' in handed ? await enrolWithCode(serverUrl, handed.code) : { serverUrl, ...handed };
    } catch (error) {
      // Kept in the state so the page says why and what to do, not only the browser's console.
      this.update({ enrolmentError: error instanceof ApiError ? error.code : 'enrolmentFailed' });
      throw error;
    }
    await saveEnrolment(this.db, enrolment);
    this.connect(enrolment);
  }

  stop(): void {
    this.stopped = true;
    this.stopLoops();
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    globalThis.removeEventListener?.('offline', this.onBrowserOffline);
  }

  /** Cards whose customer's name has every word typed, from the local cards (offline too). */
  async searchCardsByName(query: string, limit: number): Promise<CardSummary[]> {
    if (!this.cards) throw new Error('the register database is not open yet');
    return this.cards.searchNames(query, limit);
  }

  async lookupCard(number: string): Promise<CardSummary | null> {
    if (!this.cards) throw new Error('the register database is not open yet');
    return this.cards.lookup(number);
  }

  /** The card as stored, for screens' Dexie live queries (see CardStore.lookupStored). */
  async lookupStoredCard(number: string): Promise<CardSummary | null> {
    if (!this.cards) throw new Error('the register database is not open yet');
    return this.cards.lookupStored(number);
  }

  /** Writes a fact with its outbox row in one local transaction, then pushes when it can. */
  /**
   * Records a fact at `deviceTime` (now by default): a sale passes the instant its promotions were
   * worked out at, which is the instant the server checks them at.
   */
  async recordFact(draft: FactDraft, deviceTime: number = this.now()): Promise<Fact> {
    if (!this.enrolment) throw new Error('this register is not enrolled');
    const fact = await recordFact(this.db, this.enrolment, draft, new Date(deviceTime));
    await this.afterRecorded([fact]);
    this.pushShortly();
    return fact;
  }

  /** The register's identity, once enrolled. */
  identity(): { readonly store: string; readonly register: string } | null {
    return this.enrolment
      ? { store: this.enrolment.store, register: this.enrolment.register }
      : null;
  }

  /** The time by the server's clock as last measured (expiry and vesting follow the server). */
  /** The register's own clock, which its facts are stamped with. */
  deviceNow(): number {
    return this.now();
  }

  serverNow(): number {
    return this.now() + (this.state.clockOffsetMs ?? 0);
  }

  /** The server API as this register, with a signed-in member of staff for manager actions. */
  api(staffToken: string | null = null): ApiClient {
    if (!this.enrolment) throw new Error('this register is not enrolled');
    const { serverUrl, token } = this.enrolment;
    const client = apiClient(serverUrl, () => ({ register: token, staff: staffToken }));
    const noted = async <T>(answer: Promise<T>): Promise<T> => {
      try {
        const value = await answer;
        this.update({ online: true, lastContact: this.now() });
        return value;
      } catch (error) {
        if (error instanceof ApiError && error.status === 0) this.update({ online: false });
        throw error;
      }
    };
    return {
      route: (entry, input) => noted(client.route(entry, input)),
    };
  }

  /** Reserves points for one tender on the server; the same tender id answers the same way again. */
  async reserve(
    body: Omit<z.input<typeof ReserveRequest>, 'protocol'>,
  ): Promise<z.infer<typeof ReserveResponse>> {
    if (!this.link) throw new ApiError(0, 'offline', 'this register is not enrolled');
    return this.link.route(api.sync.reserve, { body: { protocol: PROTOCOL_VERSION, ...body } });
  }

  /**
   * Writes several facts in one local transaction over the fact tables; `prepare` may read and
   * write there first (a card number taken from the register's block, say). Then pushes.
   */
  async recordTogether(prepare: (db: RegisterDb) => Promise<FactDraft[]>): Promise<Fact[]> {
    const enrolment = this.enrolment;
    if (!enrolment) throw new Error('this register is not enrolled');
    const at = new Date(this.now());
    const facts = await this.db.transaction('rw', factTables(this.db), async () =>
      writeFacts(this.db, enrolment, await prepare(this.db), at),
    );
    await this.afterRecorded(facts);
    this.pushShortly();
    return facts;
  }

  /** The facts are safe in IndexedDB; a journal failure is shown but never undoes a sale. */
  private async afterRecorded(facts: Fact[]): Promise<void> {
    try {
      await this.onRecorded(facts);
    } catch (error) {
      this.update({ error: `journal: ${messageOf(error)}` });
    }
    // New facts join the outbox; counting it again would cost a read on every sale.
    this.update({ outboxDepth: this.state.outboxDepth + facts.length });
  }

  /**
   * Pushes a moment after a fact is recorded, so facts recorded back to back go in one push and
   * the push's reads do not queue behind (or ahead of) the next sale's transaction.
   */
  private pushShortly(): void {
    if (this.pushTimer) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null;
      this.pushSoon();
    }, PUSH_DELAY_MS);
  }

  /** Pull and push now (after the network came back, say). */
  syncNow(): void {
    this.wakeSleepers();
    this.pullSoon();
    this.pushSoon();
  }

  private connect(enrolment: Enrolment): void {
    this.enrolment = enrolment;
    this.link = new ServerLink({
      serverUrl: enrolment.serverUrl,
      token: enrolment.token,
      now: this.now,
      onContact: (contact) => this.onContact(contact),
      onUnreachable: () => this.update({ online: false }),
    });
    this.update({ store: enrolment.store, register: enrolment.register, error: null });
    globalThis.addEventListener?.('online', this.onBrowserOnline);
    globalThis.addEventListener?.('offline', this.onBrowserOffline);
    void this.firstLoad();
  }

  private onContact(contact: Contact): void {
    this.update({
      online: true,
      lastContact: contact.at,
      clockOffsetMs: contact.clockOffsetMs ?? this.state.clockOffsetMs,
    });
  }

  private readonly onBrowserOnline = () => this.syncNow();
  private readonly onBrowserOffline = () => {
    this.update({ online: false });
    this.eventsAbort?.abort();
  };

  private async firstLoad(): Promise<void> {
    const link = this.link;
    const cards = this.cards;
    if (!link || !cards) return;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        if (!(await hasSnapshot(this.db))) {
          this.update({ phase: 'loading', load: { done: 0, total: 0 } });
          const manifest = await loadSnapshot(link, this.db, cards, {
            onProgress: (done, total) => this.update({ load: { done, total } }),
            loader: this.pageLoader(link),
          });
          this.update({ version: manifest.version });
        }
        this.update({ phase: 'ready', error: null });
        break;
      } catch (error) {
        if (this.failIfRevoked(error)) return;
        this.update({ error: messageOf(error) });
        await this.sleep(backoffMs(attempt));
      }
    }
    if (this.stopped) return;
    this.pullSoon();
    this.pushSoon();
    void this.followEventsLoop();
    this.pollTimer = setInterval(() => this.syncNow(), this.pollMs);
  }

  /** Snapshot pages load in workers where the platform has them (in Node tests it has not). */
  private pageLoader(link: ServerLink): PageLoader {
    if (typeof Worker === 'undefined' || !this.enrolment) return inThreadLoader(link, this.db);
    return workerLoader(link, this.db, this.enrolment.token);
  }

  private failIfRevoked(error: unknown): boolean {
    if (!revoked(error)) return false;
    this.update({ phase: 'failed', error: messageOf(error) });
    this.stop();
    return true;
  }

  private async followEventsLoop(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      const link = this.link;
      if (!link) return;
      this.eventsAbort = new AbortController();
      try {
        await followEvents(link, this.eventsAbort.signal, {
          onAlive: () => {
            attempt = 0;
            link.reportContact(this.now(), null);
          },
          onEvent: (event) => void this.onEvent(event),
        });
      } catch (error) {
        if (this.failIfRevoked(error)) return;
        if (error instanceof ApiError && error.status === 0) this.update({ online: false });
      }
      if (!this.stopped) await this.sleep(backoffMs(attempt));
    }
  }

  private async onEvent(event: SyncEvent): Promise<void> {
    if (event.type === 'distribution') {
      if (event.version > this.state.version) this.pullSoon();
      return;
    }
    await applyFactEvent(this.db, event, this.state.version);
    await this.refreshCounts();
  }

  private pullSoon(): void {
    this.runTask('pull', async () => {
      if (!this.link || !this.cards || this.state.phase !== 'ready') return;
      const result = await pullFeed(this.link, this.db, this.cards);
      this.update({ version: result.version });
      if ((await catchUpOutcomes(this.link, this.db, this.state.version)) > 0)
        await this.refreshCounts();
      await this.reportHealthIfIdle(this.link);
      await this.onPulled().catch((error: unknown) =>
        console.warn(`upkeep after the pull failed: ${messageOf(error)}`),
      );
    });
  }

  private pushSoon(): void {
    this.runTask('push', async () => {
      if (!this.link || this.state.phase !== 'ready') return;
      try {
        await pushOutbox(
          this.link,
          this.db,
          async () => ({
            outboxDepth: await outboxDepth(this.db),
            distributionVersion: this.state.version,
          }),
          this.now,
          (results) =>
            this.onStored(results.filter((r) => r.status !== 'rejected').map((r) => r.id)),
        );
      } finally {
        await this.refreshCounts();
      }
    });
  }

  /** With nothing to push, the register still reports how it stands (pushes carry it otherwise). */
  private async reportHealthIfIdle(link: ServerLink): Promise<void> {
    const depth = await outboxDepth(this.db);
    if (depth > 0) return;
    await link.route(api.sync.health, {
      body: {
        protocol: PROTOCOL_VERSION,
        outboxDepth: depth,
        distributionVersion: this.state.version,
        sentAt: new Date(this.now()).toISOString(),
      },
    });
  }

  /** Runs a task, once at a time; asked again while running, it runs once more after. Retries with backoff. */
  private runTask(name: 'pull' | 'push', task: () => Promise<void>): void {
    const flags = this.tasks[name];
    if (flags.running) {
      flags.again = true;
      return;
    }
    flags.running = true;
    void (async () => {
      try {
        for (let attempt = 0; !this.stopped;) {
          flags.again = false;
          try {
            await task();
            attempt = 0;
            if (this.state.error !== null) this.update({ error: null });
            if (!flags.again) return;
          } catch (error) {
            if (this.failIfRevoked(error)) return;
            this.update({ error: messageOf(error) });
            await this.sleep(backoffMs(attempt++));
          }
        }
      } finally {
        flags.running = false;
      }
    })();
  }

  private async refreshCounts(): Promise<void> {
    const [depth, rejected] = await Promise.all([
      outboxDepth(this.db),
      this.db.facts
        .where('status')
        .anyOf([...REFUSED])
        .count(),
    ]);
    this.update({ outboxDepth: depth, rejected });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  private stopLoops(): void {
    this.eventsAbort?.abort();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.wakeSleepers();
  }
}
