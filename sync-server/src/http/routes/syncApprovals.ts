import { eq } from 'drizzle-orm';
import { api } from '../../../../shared/protocol/api';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/sync';
import { APPROVAL_MS, signApproval } from '../../auth/approvals';
import { claimAttempt, clearFailures, recordFailure } from '../../auth/lockout';
import { requireRegister } from '../../auth/principal';
import { pinHashForUnknownStaff, randomToken, verifyPin } from '../../auth/secrets';
import { staff } from '../../db/schema';
import { forbidden, unauthorized } from '../../errors';
import type { RouteModule } from '../app';
import { serve } from '../serve';

/**
 * A manager approves one action at a register with their PIN, while the register is online: the
 * server answers an approval signed with its own key, which the register puts in the fact that
 * carries the action out. Head office staff approve nothing at a register: their authority never
 * comes from one. Wrong PINs count towards the lockout of the staff id at this register; an
 * unknown id answers as slowly as a wrong PIN and leaves no row.
 */
export const syncApprovalRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.approvals, async ({ principal, body }) => {
    const register = requireRegister(principal);
    const { database, clock, config } = context;
    const { staff: staffId, pin, action } = body;
    const [member] = await database.db.select().from(staff).where(eq(staff.id, staffId));
    if (!member || !member.active) {
      await verifyPin(pin, await pinHashForUnknownStaff());
      throw unauthorized('that staff id and PIN do not match');
    }
    const lockKey = `approval:${staffId}:register:${register.id}`;
    await claimAttempt(database, lockKey, clock.now());
    if (!(await verifyPin(pin, member.pinHash))) {
      await recordFailure(database, lockKey, clock.now());
      throw unauthorized('that staff id and PIN do not match');
    }
    await clearFailures(database, lockKey);
    if (member.role !== 'manager')
      throw forbidden(
        member.role === 'headOffice'
          ? 'head office staff approve nothing at a register'
          : 'only a manager can approve this',
      );
    if (!member.stores.includes(register.store))
      throw forbidden(`${member.id} does not work in store ${register.store}`);
    const expiresAt = clock.now() + APPROVAL_MS;
    const approval = signApproval(config.approvalKey, {
      register: register.id,
      store: register.store,
      staff: member.id,
      action,
      expiresAt,
      nonce: randomToken(12),
    });
    return { protocol: PROTOCOL_VERSION, approval, expiresAt: new Date(expiresAt).toISOString() };
  });
};
