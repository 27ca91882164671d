import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrintOutcome, RegisterBridge } from '../../electron/bridgeApi';
import { CHANNELS } from '../../electron/channels';
import { CrashPolicy, reloadOnCrash, CRASH_WINDOW_MS } from '../../electron/crash';
import { bridgeHandlers, type BridgeHandler } from '../../electron/handlers';
import { IdentityStore } from '../../electron/identity';
import { bindBridge, type InvokeEvent, type InvokeRegistry } from '../../electron/ipc';
import { FactJournal } from '../../electron/journal';
import { launchTarget, pageUrl } from '../../electron/launch';
import { printOptions, receiptDocument, RECEIPT_CSP } from '../../electron/printing';
import { APP_PAGE } from '../../electron/protocol';
import {
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isTrustedSender,
  secureWebPreferences,
} from '../../electron/security';
import { kioskWanted, loadSettings, settingsFile } from '../../electron/settings';
import { loadWindowState, restoredBounds, saveWindowState } from '../../electron/windowState';
import { parseJournal } from '../../shared/protocol/journal';
import {
  bridgeStatus,
  desktopBridge,
  journalFacts,
  printReceipt,
} from '../../renderer/register/bridge';
import { saleFact } from '../server/helpers/facts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'loyalty-shell-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  delete (globalThis as { registerBridge?: unknown }).registerBridge;
});

describe('security settings', () => {
  it('isolates, sandboxes and keeps Node out of every window', () => {
    expect(secureWebPreferences('/app/preload.cjs')).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('denies window.open, navigation, redirects and webviews', () => {
    const contents = new EventEmitter() as EventEmitter & {
      openHandler?: (details: { url: string }) => { action: 'deny' };
      setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
    };
    contents.setWindowOpenHandler = (handler) => (contents.openHandler = handler);
    const refused: string[] = [];
    hardenContents(contents, (what, detail) => refused.push(`${what} ${detail}`));
    expect(contents.openHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://example.org');
      expect(prevented, event).toBe(true);
    }
    expect(refused).toEqual([
      'window.open https://example.org',
      'navigation https://example.org',
      'redirect https://example.org',
      'webview ',
    ]);
  });

  it('refuses every permission request and check', () => {
    const answers: boolean[] = [];
    hardenSession(
      {
        setPermissionRequestHandler: (handler) =>
          ['media', 'notifications', 'geolocation'].forEach((p) =>
            handler(null, p, (granted) => answers.push(granted)),
          ),
        setPermissionCheckHandler: (handler) => answers.push(handler()),
        setDevicePermissionHandler: (handler) => answers.push(handler()),
      },
      () => undefined,
    );
    expect(answers).toEqual([false, false, false, false, false]);
  });

  it('trusts only the main frame of the register page', () => {
    expect(isTrustedSender(APP_PAGE, true)).toBe(true);
    expect(isTrustedSender(APP_PAGE, false)).toBe(false);
    expect(isTrustedSender('https://example.org/', true)).toBe(false);
    expect(isTrustedSender('file:///index.html', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });
});

describe('bridge handlers', () => {
  const printed: string[] = [];
  const makeHandlers = (exportPath: string | null = null) => {
    const identity = new IdentityStore(dir);
    const journal = new FactJournal(path.join(dir, 'journal'));
    const print = async (html: string): Promise<PrintOutcome> => {
      printed.push(html);
      return { silent: true, printer: 'Receipts' };
    };
    const handlers = bridgeHandlers({
      identity,
      journal,
      print,
      chooseExportPath: async () => exportPath,
      now: () => Date.parse('2026-03-01T10:00:00Z'),
    });
    return { handlers, journal, identity };
  };

  it('keeps the identity and server address in user data, and forgets the enrolment on a new server', async () => {
    const { handlers } = makeHandlers();
    expect(await handlers.readIdentity([])).toEqual({
      ok: true,
      value: { serverUrl: null, enrolment: null },
    });
    expect(await handlers.setServerUrl(['http://10.0.0.5:8787/register#x'])).toMatchObject({
      ok: true,
      value: { serverUrl: 'http://10.0.0.5:8787' },
    });
    const enrolment = { store: 'S1', register: 'S1-R1', token: 'reg_abc' };
    await handlers.saveEnrolment([enrolment]);
    const file = path.join(dir, 'register-identity.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      serverUrl: 'http://10.0.0.5:8787',
      enrolment,
    });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    // A fresh store reads what the last run wrote.
    expect(await new IdentityStore(dir).read()).toEqual({
      serverUrl: 'http://10.0.0.5:8787',
      enrolment,
    });
    expect((await handlers.setServerUrl(['http://10.0.0.6:8787'])).ok).toBe(true);
    expect((await handlers.readIdentity([])).ok && (await new IdentityStore(dir).read())).toEqual({
      serverUrl: 'http://10.0.0.6:8787',
      enrolment: null,
    });
  });

  it('answers bad arguments with { ok: false } and writes nothing', async () => {
    const { handlers, journal } = makeHandlers();
    expect(await handlers.setServerUrl(['file:///etc/passwd'])).toEqual({
      ok: false,
      error: 'the sync server is reached over http or https, not file:',
    });
    expect(
      await handlers.saveEnrolment([{ store: 'S 1', register: 'R', token: '' }]),
    ).toMatchObject({
      ok: false,
    });
    const bad = await handlers.journalFacts([[{ id: 'not-a-fact' }]]);
    expect(bad.ok).toBe(false);
    expect(await handlers.printReceipt([''])).toMatchObject({ ok: false });
    expect(await handlers.journalSynced([['nope']])).toMatchObject({ ok: false });
    expect((await journal.read()).unsynced).toEqual([]);
    expect(await new IdentityStore(dir).read()).toEqual({ serverUrl: null, enrolment: null });
  });

  it('journals facts, marks them synced and exports the rest to the chosen file', async () => {
    const target = path.join(dir, 'out.jsonl');
    const { handlers } = makeHandlers(target);
    const [a, b] = [
      saleFact({ card: null, lines: [{ net: '1.00' }] }),
      saleFact({ card: null, lines: [{ net: '2.00' }] }),
    ];
    expect(await handlers.journalFacts([[a, b]])).toEqual({ ok: true, value: { appended: 2 } });
    expect(await handlers.journalSynced([[a.id]])).toEqual({ ok: true, value: { marked: 1 } });
    expect(await handlers.exportJournal([])).toEqual({
      ok: true,
      value: { path: target, facts: 1, unreadableLines: [] },
    });
    const parsed = parseJournal(await readFile(target, 'utf8'));
    expect(parsed.header?.exportedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(parsed.facts.map((l) => l.fact.id)).toEqual([b.id]);
    expect(await makeHandlers(null).handlers.exportJournal([])).toEqual({ ok: true, value: null });
  });

  it('prints through the print function it was given', async () => {
    const { handlers } = makeHandlers();
    expect(await handlers.printReceipt(['<p>Total 1.00</p>'])).toEqual({
      ok: true,
      value: { silent: true, printer: 'Receipts' },
    });
    expect(printed).toContain('<p>Total 1.00</p>');
  });

  it('binds one channel per capability and refuses callers other than the register page', async () => {
    const { handlers } = makeHandlers();
    const bound = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>>();
    const registry: InvokeRegistry = {
      handle: (channel, listener) => bound.set(channel, listener),
    };
    const refusals: string[] = [];
    bindBridge(registry, handlers, (channel, from) => refusals.push(`${channel} ${from}`));
    expect([...bound.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
    const mainFrame = { url: APP_PAGE };
    const call = bound.get(CHANNELS.readIdentity);
    expect(await call?.({ senderFrame: mainFrame, sender: { mainFrame } })).toMatchObject({
      ok: true,
    });
    const frame = { url: 'https://example.org/' };
    expect(await call?.({ senderFrame: frame, sender: { mainFrame: frame } })).toMatchObject({
      ok: false,
    });
    expect(refusals).toEqual([`${CHANNELS.readIdentity} https://example.org/`]);
  });
});

describe('the rest of the shell', () => {
  it('reloads a crashed page, not a closed one, and gives up when it keeps crashing', () => {
    let now = 0;
    const policy = new CrashPolicy(() => now);
    const contents = Object.assign(new EventEmitter(), {
      reloads: 0,
      reload() {
        this.reloads += 1;
      },
      isDestroyed: () => false,
    });
    const heard: string[] = [];
    reloadOnCrash(contents, policy, (reason, decision) => heard.push(`${reason}:${decision}`));
    const gone = (reason: string) =>
      contents.emit('render-process-gone', {}, { reason, exitCode: 1 });
    gone('clean-exit');
    gone('crashed');
    gone('oom');
    gone('killed');
    gone('crashed');
    now += CRASH_WINDOW_MS + 1;
    gone('crashed');
    expect(heard).toEqual([
      'clean-exit:ignore',
      'crashed:reload',
      'oom:reload',
      'killed:reload',
      'crashed:give-up',
      'crashed:reload',
    ]);
    expect(contents.reloads).toBe(4);
  });

  it('restores the window where it was, unless that place is off every screen', async () => {
    const screen = { x: 0, y: 0, width: 1920, height: 1080 };
    expect(await loadWindowState(dir)).toBeNull();
    expect(restoredBounds(null, [screen])).toEqual({ width: 1280, height: 800 });
    await saveWindowState(dir, { x: 100, y: 50, width: 1024, height: 700, maximized: true });
    const saved = await loadWindowState(dir);
    expect(saved).toEqual({ x: 100, y: 50, width: 1024, height: 700, maximized: true });
    expect(restoredBounds(saved, [screen])).toEqual({ x: 100, y: 50, width: 1024, height: 700 });
    const small = { x: 0, y: 0, width: 800, height: 600 };
    if (!saved) throw new Error('the window state was not saved');
    expect(restoredBounds({ ...saved, x: 3000 }, [small])).toEqual({ width: 800, height: 600 });
  });

  it('reads kiosk mode and the printer from settings.json, and survives a damaged file', async () => {
    expect((await loadSettings(dir)).value).toEqual({
      kiosk: false,
      printer: { name: null, silent: false },
    });
    await writeFile(
      settingsFile(dir),
      JSON.stringify({ printer: { name: 'Receipts', silent: true } }),
    );
    const loaded = await loadSettings(dir);
    expect(loaded.value.printer).toEqual({ name: 'Receipts', silent: true });
    expect(printOptions(loaded.value.printer)).toEqual({
      silent: true,
      printBackground: true,
      deviceName: 'Receipts',
    });
    expect(kioskWanted(loaded.value, ['--kiosk'], {})).toBe(true);
    expect(kioskWanted(loaded.value, [], { REGISTER_KIOSK: '1' })).toBe(true);
    expect(kioskWanted(loaded.value, [], {})).toBe(false);
    await writeFile(settingsFile(dir), '{ kiosk: yes');
    const damaged = await loadSettings(dir);
    expect(damaged.value.kiosk).toBe(false);
    expect(damaged.problem).toMatch(/cannot be read/);
  });

  it('prints receipts from a document where nothing can run', () => {
    expect(receiptDocument('<p>Total</p>')).toContain(RECEIPT_CSP);
    const full = receiptDocument('<html><head><title>R</title></head><body>x</body></html>');
    expect(full.indexOf(RECEIPT_CSP)).toBeLessThan(full.indexOf('<title>'));
  });

  it('takes the server and the enrolment code from how npm start launched it', () => {
    const target = launchTarget([], { REGISTER_URL: 'http://127.0.0.1:8787/#enrol=ABC' });
    expect(target).toEqual({ serverUrl: 'http://127.0.0.1:8787', fragment: '#enrol=ABC' });
    expect(pageUrl(target.fragment)).toBe(`${APP_PAGE}#enrol=ABC`);
    expect(launchTarget(['--server-url=https://pos.example'], {}).serverUrl).toBe(
      'https://pos.example',
    );
    expect(launchTarget([], {})).toEqual({ serverUrl: null, fragment: '' });
    expect(() => launchTarget([], { REGISTER_URL: 'nonsense' })).toThrow(/not a web address/);
  });
});

describe("the register page's bridge client", () => {
  it('says browser and journals nothing without the shell', async () => {
    expect(desktopBridge()).toBeNull();
    expect(bridgeStatus()).toBe('browser');
    await expect(
      journalFacts([saleFact({ card: null, lines: [{ net: '1.00' }] })]),
    ).resolves.toBeUndefined();
  });

  it('reaches the journal on disk through a bridge made of the real handlers', async () => {
    const journal = new FactJournal(path.join(dir, 'journal'));
    const handlers = bridgeHandlers({
      identity: new IdentityStore(dir),
      journal,
      print: async () => ({ silent: false, printer: null }),
      chooseExportPath: async () => null,
      now: Date.now,
    });
    const through =
      (handler: BridgeHandler) =>
      (...args: unknown[]) =>
        handler(args);
    const bridge = {
      version: 1,
      readIdentity: through(handlers.readIdentity),
      setServerUrl: through(handlers.setServerUrl),
      saveEnrolment: through(handlers.saveEnrolment),
      printReceipt: through(handlers.printReceipt),
      journalFacts: through(handlers.journalFacts),
      journalSynced: through(handlers.journalSynced),
      exportJournal: through(handlers.exportJournal),
    } as unknown as RegisterBridge;
    (globalThis as { registerBridge?: unknown }).registerBridge = bridge;
    expect(bridgeStatus()).toBe('desktop');
    const facts = Array.from({ length: 501 }, () =>
      saleFact({ card: null, lines: [{ net: '1.00' }] }),
    );
    await journalFacts(facts);
    expect((await journal.read()).unsynced).toHaveLength(501);
    await expect(printReceipt('')).rejects.toThrow();
  });
});
