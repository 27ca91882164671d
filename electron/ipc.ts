import type { BridgeResult } from './bridgeApi';
import { CHANNELS, type Capability } from './channels';
import type { BridgeHandler } from './handlers';
import { isTrustedSender } from './security';

/** The caller of an IPC call, as Electron's `IpcMainInvokeEvent` describes it. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: { readonly mainFrame: unknown };
}

/** The part of Electron's `ipcMain` the bridge is bound to. */
export interface InvokeRegistry {
  handle(
    channel: string,
    listener: (event: InvokeEvent, ...args: unknown[]) => Promise<BridgeResult<unknown>>,
  ): void;
}

/** Binds each capability to its channel; calls from anything but the register page are refused. */
export function bindBridge(
  ipc: InvokeRegistry,
  handlers: Record<Capability, BridgeHandler>,
  refused: (channel: string, from: string) => void,
): void {
  for (const capability of Object.keys(CHANNELS) as Capability[]) {
    const channel = CHANNELS[capability];
    const handle = handlers[capability];
    ipc.handle(channel, async (event, ...args) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame)) {
        refused(channel, frame?.url ?? 'a frame that is gone');
        return { ok: false, error: 'refused: the bridge only answers the register page' };
      }
      return handle(args);
    });
  }
}
