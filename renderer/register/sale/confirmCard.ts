import { api } from '../../../shared/protocol/api';
import { useEffect, useState } from 'react';
import { CardStatus } from '../../../shared/domain/master';
import type { CardInfo } from '../cards/cardInfo';
import { useSession } from '../session/session';
import type { SyncEngine } from '../sync/engine';

type Status = CardInfo['status'];

/**
 * The card's status as the server has it, asked in the background when a card is entered while
 * the register is online (null until it answers, offline, or signed in offline). A block made
 * a moment ago reaches the register's feed at once too; this covers the time until that pull.
 */
export function useServerCardStatus(
  engine: SyncEngine,
  number: string | null,
  online: boolean,
): Status | null {
  const serverToken = useSession((state) => state.serverToken);
  const [confirmed, setConfirmed] = useState<{ number: string; status: Status } | null>(null);
  useEffect(() => {
    if (!number || !online || !serverToken) return;
    let current = true;
    void (async () => {
      try {
        const view = await engine.api(serverToken).route(api.cards.get, { params: { number } });
        const status = CardStatus.safeParse(view.status);
        if (!current || !status.success) return;
        setConfirmed({ number, status: status.data });
        // The feed carries the change already: pull it so the card's data follows.
        if (status.data !== 'active') engine.syncNow();
      } catch {
        // Unknown to the server, or unreachable: the local data stands (the sale is kept anyway).
      }
    })();
    return () => {
      current = false;
    };
  }, [engine, number, online, serverToken]);
  return confirmed?.number === number ? confirmed.status : null;
}

/**
 * The card as the sale uses it: a status the server confirmed overrides the local one when it
 * refuses more (a card blocked since the last pull earns and pays nothing).
 */
export function withServerStatus(card: CardInfo | null, status: Status | null): CardInfo | null {
  if (!card || status === null || status === card.status || status === 'active') return card;
  return { ...card, status };
}
