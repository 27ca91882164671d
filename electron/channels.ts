/** One IPC channel per capability of the bridge (electron/bridgeApi.ts). */
export const CHANNELS = {
  readIdentity: 'register:identity:read',
  setServerUrl: 'register:identity:set-server',
  saveEnrolment: 'register:identity:save-enrolment',
  printReceipt: 'register:receipt:print',
  journalFacts: 'register:journal:append',
  journalSynced: 'register:journal:synced',
  exportJournal: 'register:journal:export',
} as const;

export type Capability = keyof typeof CHANNELS;

export const BRIDGE_GLOBAL = 'registerBridge';
