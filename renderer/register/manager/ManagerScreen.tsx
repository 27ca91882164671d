import { useRef } from 'react';
import type { RegisterDb } from '../localdb/schema';
import type { SignedIn } from '../session/session';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { useActionKeys } from './actionKeys';
import { CardActions } from './CardActions';
import { IssueCard } from './IssueCard';

/**
 * The manager's Cards screen: issuing a card beside the card actions. Alt and a digit press the
 * button that shows it, in either; after any of them focus goes back to the card number, so the
 * next card can be typed or scanned at once.
 */
export function ManagerScreen({
  engine,
  db,
  setup,
  staff,
  serverToken,
  online,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  staff: SignedIn;
  serverToken: string | null;
  online: boolean;
}) {
  const screen = useRef<HTMLDivElement>(null);
  const numberField = useRef<HTMLInputElement>(null);
  useActionKeys(screen);
  const backToNumber = () => numberField.current?.focus();
  return (
    <div className="scroll-screen manager" ref={screen}>
      <IssueCard engine={engine} db={db} setup={setup} staff={staff} onDone={backToNumber} />
      <CardActions
        engine={engine}
        setup={setup}
        serverToken={serverToken}
        online={online}
        numberField={numberField}
        onDone={backToNumber}
      />
    </div>
  );
}
