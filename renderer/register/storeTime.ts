import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { isTimeZone } from '../../shared/units/localTime';
import { formatDateTime } from '../common/i18n';

/**
 * The time zone the register shows its times in (an IANA name): its store's once the store's data
 * has loaded, the machine's until then. A receipt printed in Amsterdam shows Amsterdam's time even
 * on a machine that runs UTC.
 */
const useShownZone = create<{ zone: string | undefined }>()(() => ({ zone: undefined }));

/** Makes the store's zone the one every time on the register is shown in. */
export function useStoreTimeZone(storeZone: string | null | undefined): void {
  useEffect(() => {
    // A name the tz database does not know would throw at every time shown: the machine's then.
    useShownZone.setState({ zone: storeZone && isTimeZone(storeZone) ? storeZone : undefined });
  }, [storeZone]);
}

/** Formats an instant as the register shows every time: the screen's language, the store's zone. */
export function useStoreTime(): (iso: string | null) => string {
  const { i18n } = useTranslation();
  const zone = useShownZone((state) => state.zone);
  return (iso) => formatDateTime(iso, i18n.language, zone);
}
