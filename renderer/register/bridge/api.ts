/** The desktop shell's bridge as the register page sees it: the shell's own types, nothing more. */
export type {
  BridgeResult,
  JournalExportOutcome,
  PrintOutcome,
  RegisterBridge,
  RegisterEnrolment,
  RegisterIdentity,
} from '../../../electron/bridgeApi';
