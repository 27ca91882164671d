import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A notice claimed from notifications_outbox, ready to go out. */
export interface OutboxMessage {
  readonly id: string;
  readonly kind: 'balanceUpdate' | 'expiryWarning';
  readonly customerId: string;
  readonly cardNumber: string | null;
  readonly payload: Record<string, unknown>;
}

/**
 * Where notices go (PRODUCT 4.7). `send` resolves once the message is handed over and throws when
 * it was not; delivery calls it at most once per message.
 */
export interface NotificationSender {
  readonly name: string;
  send(message: OutboxMessage): Promise<void>;
}

export interface RenderedMessage {
  readonly to: string | null;
  readonly subject: string;
  readonly text: string;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

/** The words a customer reads; the same for every sender. */
export function renderMessage(message: OutboxMessage): RenderedMessage {
  const p = message.payload;
  const greeting = `Dear ${str(p['name']) || 'customer'},`;
  if (message.kind === 'expiryWarning') {
    return {
      to: typeof p['email'] === 'string' ? p['email'] : null,
      subject: `${str(p['points'])} ${str(p['rewardPoint'])} points expire on ${str(p['expiresOn'])}`,
      text: `${greeting}\n\n${str(p['points'])} ${str(p['rewardPoint'])} points on card ${str(p['card'])} expire on ${str(p['expiresOn'])}. Spend them before then.\n`,
    };
  }
  const balances = Object.entries((p['balances'] as Record<string, unknown> | undefined) ?? {})
    .map(([rp, points]) => `${str(points)} ${rp}`)
    .join(', ');
  return {
    to: typeof p['email'] === 'string' ? p['email'] : null,
    subject: `Your points balance: ${balances}`,
    text: `${greeting}\n\nThe balance of card ${str(p['card'])} is now ${balances}.\n`,
  };
}

/**
 * The default sender: each message becomes one JSON file in `dir`. The file is created exclusively
 * (flag wx), so a message can never be written over or twice.
 */
export function fileSender(dir: string): NotificationSender {
  return {
    name: 'file',
    async send(message) {
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${message.kind}-${message.id}.json`);
      const body = {
        id: message.id,
        kind: message.kind,
        ...renderMessage(message),
        data: message.payload,
      };
      await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { flag: 'wx' });
    },
  };
}
