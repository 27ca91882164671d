import { forbidden } from '../errors';
import { requireStaff, requireStaffInStore, type Principal } from '../auth/principal';

/** Who does a card operation, and where: stamped on the ledger entries it writes. */
export interface Actor {
  readonly staffId: string;
  readonly storeId: string | null;
  readonly registerId: string | null;
  readonly headOffice: boolean;
}

/**
 * Issue, block, link, adjust, replace, transfer, award: head office anywhere; a manager only at a
 * register of a store they work in (the register token beside their staff token).
 */
export function managerActor(principal: Principal | null): Actor {
  const member = requireStaff(principal, 'manager');
  const register = principal?.register ?? null;
  if (member.role !== 'headOffice') {
    if (!register)
      throw forbidden(
        'a manager does this at a register of their store: send the register token with the staff token',
      );
    requireStaffInStore(principal, 'manager', register.store);
  }
  return {
    staffId: member.id,
    storeId: register?.store ?? null,
    registerId: register?.id ?? null,
    headOffice: member.role === 'headOffice',
  };
}
