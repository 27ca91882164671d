/**
 * The one preload: exposes the typed bridge (electron/bridgeApi.ts) to the register page and
 * nothing else. Runs sandboxed, so it is bundled into a single file that needs only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { BridgeResult, RegisterBridge } from './bridgeApi';
import { BRIDGE_GLOBAL, CHANNELS } from './channels';

function invoke<T>(channel: string, ...args: unknown[]): Promise<BridgeResult<T>> {
  return (ipcRenderer.invoke(channel, ...args) as Promise<BridgeResult<T>>).catch(
    (error: unknown) => ({
      ok: false,
      error: `the desktop shell did not answer: ${String(error)}`,
    }),
  );
}

const bridge: RegisterBridge = {
  version: 1,
  readIdentity: () => invoke(CHANNELS.readIdentity),
  setServerUrl: (url) => invoke(CHANNELS.setServerUrl, url),
  saveEnrolment: (enrolment) => invoke(CHANNELS.saveEnrolment, enrolment),
  printReceipt: (html) => invoke(CHANNELS.printReceipt, html),
  journalFacts: (facts) => invoke(CHANNELS.journalFacts, facts),
  journalSynced: (ids) => invoke(CHANNELS.journalSynced, ids),
  exportJournal: () => invoke(CHANNELS.exportJournal),
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
