import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NOTIFICATION_KINDS } from '../db/schema';
import { CustomerLanguage } from '../../../shared/domain/master';
import { noticeI18n } from './texts';

type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notice claimed from notifications_outbox, ready to go out. */
export interface OutboxMessage {
  readonly id: string;
  readonly kind: NotificationKind;
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

/** A day (YYYY-MM-DD) or an instant as the customer's language writes a date. */
function dateIn(language: string, value: unknown): string {
  const text = str(value);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const date = new Date(day);
  if (Number.isNaN(date.getTime())) return text;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

const pointsIn = (language: string, value: unknown): string =>
  typeof value === 'number' ? new Intl.NumberFormat(language).format(value) : str(value);

/** The words a customer reads, in the customer's language (payload `language`); the same for every sender. */
export function renderMessage(message: OutboxMessage): RenderedMessage {
  const p = message.payload;
  const language = CustomerLanguage.catch('en').parse(p['language']);
  const t = noticeI18n().getFixedT(language);
  const to = typeof p['email'] === 'string' ? p['email'] : null;
  const greeting = t('greeting', { name: str(p['name']) || t('customer') });
  const card = str(p['card']);
  const letter = (subject: string, body: string): RenderedMessage => ({
    to,
    subject,
    text: `${greeting}\n\n${body}\n`,
  });
  if (message.kind === 'expiryWarning') {
    const values = {
      count: Number(p['points']),
      rewardPoint: str(p['rewardPoint']),
      date: dateIn(language, p['expiresOn']),
      card,
    };
    return letter(t('expiryWarning.subject', values), t('expiryWarning.text', values));
  }
  if (message.kind === 'tierChanged') {
    const values = {
      card,
      tier: str(p['tierName'] ?? p['tier']) || t('tierChanged.none'),
      previous: str(p['previousName'] ?? p['previous']) || t('tierChanged.none'),
      until: p['validUntil'] ? dateIn(language, p['validUntil']) : '',
    };
    return letter(
      t('tierChanged.subject', values),
      t(p['validUntil'] ? 'tierChanged.untilText' : 'tierChanged.text', values),
    );
  }
  if (message.kind === 'tierExpiring') {
    const values = {
      card,
      tier: str(p['tierName'] ?? p['tier']),
      date: dateIn(language, p['validUntil']),
    };
    return letter(t('tierExpiring.subject', values), t('tierExpiring.text', values));
  }
  const balances = Object.entries((p['balances'] as Record<string, unknown> | undefined) ?? {})
    .map(([rp, points]) => `${pointsIn(language, points)} ${rp}`)
    .join(', ');
  return letter(
    t('balanceUpdate.subject', { balances }),
    t('balanceUpdate.text', { card, balances }),
  );
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
