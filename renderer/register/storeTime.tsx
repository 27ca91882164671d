import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isTimeZone } from '../../shared/units/localTime';
import { formatDateTime } from '../common/i18n';

/**
 * The time zone the register shows its times in (an IANA name), or undefined for the machine's.
 * A receipt printed in Amsterdam shows Amsterdam's time even on a machine that runs UTC.
 */
const ShownZone = createContext<string | undefined>(undefined);

/**
 * Every time shown inside is in `zone`, the zone of the loaded store's setup: the machine's while
 * no store has loaded, or when the tz database does not know the name (it would throw at every
 * time shown).
 */
export function StoreTimeZone({
  zone,
  children,
}: {
  zone: string | null | undefined;
  children: ReactNode;
}) {
  const shown = zone && isTimeZone(zone) ? zone : undefined;
  return <ShownZone.Provider value={shown}>{children}</ShownZone.Provider>;
}

/** Formats an instant as the register shows every time: the screen's language, the store's zone. */
export function useStoreTime(): (iso: string | null) => string {
  const { i18n } = useTranslation();
  const zone = useContext(ShownZone);
  return (iso) => formatDateTime(iso, i18n.language, zone);
}
