import { eq } from 'drizzle-orm';
import {
  ApprovalRequest,
  ApprovalResponse,
  PROTOCOL_VERSION,
} from '../../../../shared/protocol/sync';
import { APPROVAL_MS, signApproval } from '../../auth/approvals';
import { claimAttempt, clearFailures, recordFailure } from '../../auth/lockout';
import { requireRegister } from '../../auth/principal';
import { pinHashForUnknownStaff, randomToken, verifyPin } from '../../auth/secrets';
import { staff } from '../../db/schema';
import { forbidden, unauthorized } from '../../errors';
import type { RouteModule } from '../app';
import { SIGN_IN_LIMIT } from '../limits';

/**
 * A manager approves one action at a register with their PIN, while the register is online: the
 * server answers an approval signed with its own key, which the register puts in the fact that
 * carries the action out. Head office staff approve nothing at a register: their authority never
 * comes from one. Wrong PINs count towards the lockout of the staff id at this register.
 */
export const syncApprovalRoutes: RouteModule = (app, context) => {
  app.post(
    '/api/sync/approvals',
    {
      schema: {
        tags: ['sync'],
        summary: "A manager's approval of one action at this register, signed by the server",
        body: ApprovalRequest,
        response: { 200: ApprovalResponse },
      },
      config: { rateLimit: SIGN_IN_LIMIT },
    },
    async (request) => {
      const register = requireRegister(request.principal);
      const { database, clock, config } = context;
      const { staff: staffId, pin, action } = request.body;
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
      return {
        protocol: PROTOCOL_VERSION,
        approval,
        expiresAt: new Date(expiresAt).toISOString(),
      } satisfies ApprovalResponse;
    },
  );
};
