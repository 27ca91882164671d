import { eq } from 'drizzle-orm';
import type { Session } from '../db/database';
import { registerHealth, registers } from '../db/schema';

export interface HealthReport {
  readonly registerId: string;
  readonly at: Date;
  readonly clockOffsetMs: number;
  readonly outboxDepth?: number;
  readonly distributionVersion?: number;
}

/** Records what a register reported with its push, for head office's sync-health view. */
export async function recordRegisterHealth(session: Session, report: HealthReport): Promise<void> {
  const values = {
    lastContactAt: report.at,
    clockOffsetMs: report.clockOffsetMs,
    ...(report.outboxDepth === undefined ? {} : { outboxDepth: report.outboxDepth }),
    ...(report.distributionVersion === undefined
      ? {}
      : { distributionVersion: report.distributionVersion }),
  };
  await session.db
    .insert(registerHealth)
    .values({ registerId: report.registerId, ...values })
    .onConflictDoUpdate({ target: registerHealth.registerId, set: values });
  await session.db
    .update(registers)
    .set({ lastSeenAt: report.at })
    .where(eq(registers.id, report.registerId));
}
