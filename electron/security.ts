import { APP_ORIGIN, APP_SCHEME } from './protocol';

/**
 * Every security setting of the desktop shell, in one place. The page is the register's own
 * code, but it shows data from the network (names, receipts), so it is treated as untrusted:
 * isolated, sandboxed, without Node, unable to navigate, open windows or gain permissions.
 */

/** The register page's content security policy: its own files, its own origin, nothing else. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // The sync server is reached through the page's own origin (the shell forwards /api).
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The custom scheme's privileges: a standard, secure origin with storage, fetch and streams. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: true,
    stream: true,
    codeCache: true,
  },
} as const;

/** Web preferences of every window the shell opens. */
export function secureWebPreferences(preload: string | null) {
  return {
    ...(preload ? { preload } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

/** Whether a bridge call comes from the register page itself (not a frame or another origin). */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    // Node's URL gives a custom scheme an opaque origin; compare its parts instead.
    const url = new URL(frameUrl);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The parts of Electron's `webContents` the shell hardens; Electron's own object fits it. */
export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** The parts of Electron's `session` the shell hardens. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

export type Refusal = (what: string, detail: string) => void;

/** No window opens, no navigation leaves the page, no webview attaches. */
export function hardenContents(contents: HardenableContents, refused: Refusal): void {
  contents.setWindowOpenHandler(({ url }) => {
    refused('window.open', url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    refused('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    refused('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refused('webview', '');
  });
}

/** Every permission request (camera, notifications, geolocation, USB...) is refused. */
export function hardenSession(session: HardenableSession, refused: Refusal): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    refused('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
