import { schemesThatApply } from '../../../shared/checkout/scheme';
import { schemeRules } from '../../../shared/domain/toEngine';
import type { SchemeRules } from '../../../shared/engine/model';
import type { Session } from '../db/database';
import { schemesForStore } from '../hq/storeSchemes';

/**
 * The schemes online redemption pays under: of the store's processed schemes (the last
 * process-loyalty-schemes run), those that apply to a card of `program` at `at`, by the same
 * function the register quotes with, so the quote and the reservation agree.
 */
export async function applicableSchemes(
  session: Session,
  store: { readonly id: string; readonly currency: string },
  program: string | null,
  at: Date,
): Promise<SchemeRules[]> {
  const processed = await schemesForStore(session, store.id);
  return schemesThatApply(processed, { store: store.id, program }, at.getTime()).map((scheme) =>
    schemeRules(scheme, store.currency),
  );
}
