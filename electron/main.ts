/**
 * The desktop shell's main process: wiring only. Each piece lives in a module of its own that
 * takes its dependencies, so it is tested in Node without Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, screen, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrintOutcome } from './bridgeApi';
import { CrashPolicy, reloadOnCrash } from './crash';
import { bridgeHandlers } from './handlers';
import { IdentityStore } from './identity';
import { bindBridge, type InvokeRegistry } from './ipc';
import { FactJournal } from './journal';
import { launchTarget, pageUrl } from './launch';
import { printOptions, receiptUrl } from './printing';
import { APP_SCHEME, appProtocolHandler } from './protocol';
import {
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  secureWebPreferences,
} from './security';
import { kioskWanted, loadSettings, type ShellSettings } from './settings';
import { loadWindowState, restoredBounds, saveWindowState } from './windowState';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');

const log = (line: string) => console.log(`[register shell] ${line}`);
const refused = (what: string, detail: string) => log(`refused ${what} ${detail}`);
let mainWindow: BrowserWindow | null = null;

// Before the app is ready: the page's own scheme is a standard, secure origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

async function printReceipt(
  html: string,
  printer: ShellSettings['printer'],
): Promise<PrintOutcome> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { ...secureWebPreferences(null), javascript: false },
  });
  try {
    await window.loadURL(receiptUrl(html));
    await new Promise<void>((resolve, reject) =>
      window.webContents.print(printOptions(printer), (success, reason) =>
        success ? resolve() : reject(new Error(`the receipt did not print: ${reason}`)),
      ),
    );
    return { silent: printer.silent, printer: printer.name };
  } finally {
    window.destroy();
  }
}

async function chooseExportPath(suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Export the journal of unsynced facts',
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'Register journal', extensions: ['jsonl'] }],
  };
  const answer = mainWindow
    ? await dialog.showSaveDialog(mainWindow, options)
    : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}

async function openWindow(userData: string, kiosk: boolean, fragment: string) {
  const saved = await loadWindowState(userData);
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const window = new BrowserWindow({
    ...restoredBounds(saved, workAreas),
    show: false,
    kiosk,
    autoHideMenuBar: true,
    title: 'Register',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  mainWindow = window;
  if (saved?.maximized && !kiosk) window.maximize();
  window.once('ready-to-show', () => window.show());
  let stateSaved = kiosk;
  window.on('close', (event) => {
    if (stateSaved) return;
    event.preventDefault();
    const state = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    void saveWindowState(userData, state)
      .catch((error: unknown) => log(`window size not saved: ${String(error)}`))
      .finally(() => {
        stateSaved = true;
        window.close();
      });
  });
  window.on('closed', () => (mainWindow = null));
  reloadOnCrash(window.webContents, new CrashPolicy(Date.now), (reason, decision) => {
    log(`the register page's process is gone (${reason}): ${decision}`);
    if (decision === 'give-up')
      dialog.showErrorBox(
        'The register keeps stopping',
        'The register page crashed several times in a minute. Unsynced sales are safe in the journal. Restart the register; if it happens again, export the journal and call support.',
      );
  });
  await window.loadURL(pageUrl(fragment));
}

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const settings = await loadSettings(userData);
  if (settings.problem) log(`${settings.problem}; using the defaults`);
  const identity = new IdentityStore(userData);
  await identity.read();
  const target = launchTarget(process.argv, process.env);
  if (target.serverUrl) await identity.setServerUrl(target.serverUrl);
  const journal = new FactJournal(path.join(userData, 'journal'));
  log(`journal in ${journal.dir}: ${(await journal.compact()).kept} unsynced facts`);

  hardenSession(session.defaultSession, refused);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, refused));
  protocol.handle(
    APP_SCHEME,
    appProtocolHandler({
      rootDir: RENDERER_DIR,
      serverUrl: () => identity.serverUrl,
      forward: (request) => net.fetch(request),
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    }),
  );
  const handlers = bridgeHandlers({
    identity,
    journal,
    print: (html) => printReceipt(html, settings.value.printer),
    chooseExportPath,
    now: Date.now,
  });
  bindBridge(ipcMain as unknown as InvokeRegistry, handlers, (channel, from) =>
    refused(channel, from),
  );
  await openWindow(
    userData,
    kioskWanted(settings.value, process.argv, process.env),
    target.fragment,
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  start().catch((error: unknown) => {
    dialog.showErrorBox('The register could not start', String(error));
    app.exit(1);
  });
}
