/**
 * Fault injection for the crash tests: a point in the server where a test process can be killed at
 * exactly the moment it wants, instead of racing a timer against the server's speed.
 *
 * Off unless the server is started with both LOYALTY_TEST_FAULT=<point>@<n> and NODE_ENV=test;
 * LOYALTY_TEST_FAULT without NODE_ENV=test stops the server from starting at all, so a stray
 * variable in a deployment fails loudly instead of pausing pushes (docs/reliability.md). When the
 * n-th arrival at the point comes (counted from 1 in this process), the server prints
 * `test fault: paused at <point>` on stdout and waits there; the test kills it then. Should no kill
 * come, the wait fails after PAUSE_MS, as the interrupted work would on an error.
 */

import { processLogger } from './observability/logger';

export const TEST_FAULT_POINTS = [
  /** Inside the push's transaction, every fact written, before COMMIT. */
  'push-before-commit',
  /** The push's transaction committed, before the answer is sent. */
  'push-after-commit',
  /** The post job committed a run of facts (or a fact posted alone), before the next. */
  'post-after-commit',
  /** Job 1050 committed a store's version, before the next store. */
  'distribution-store-after-commit',
] as const;

export type TestFaultPoint = (typeof TEST_FAULT_POINTS)[number];

export interface TestFaultPlan {
  readonly point: TestFaultPoint;
  /** Which arrival at the point pauses (1 = the first). */
  readonly arrival: number;
}

export const TEST_FAULT_ENV = 'LOYALTY_TEST_FAULT';
export const TEST_FAULT_PAUSED = 'test fault: paused at';
const PAUSE_MS = 60_000;

let armed: { plan: TestFaultPlan; arrivals: number } | null = null;

/** The plan the environment asks for; null when none; throws when it asks wrongly. */
export function testFaultFromEnv(env: NodeJS.ProcessEnv): TestFaultPlan | null {
  const text = env[TEST_FAULT_ENV];
  if (text === undefined || text === '') return null;
  if (env['NODE_ENV'] !== 'test')
    throw new Error(
      `${TEST_FAULT_ENV} is set (${text}) but NODE_ENV is not "test": fault injection is for ` +
        `tests only; unset ${TEST_FAULT_ENV} to start the server`,
    );
  const match = /^([a-z-]+)@([1-9][0-9]*)$/.exec(text);
  const point = TEST_FAULT_POINTS.find((p) => p === match?.[1]);
  if (!match || !point)
    throw new Error(
      `${TEST_FAULT_ENV} must be <point>@<n> with a point among ${TEST_FAULT_POINTS.join(', ')}, got "${text}"`,
    );
  return { point, arrival: Number(match[2]) };
}

/** Arms `plan` for this process (null disarms). */
export function armTestFault(plan: TestFaultPlan | null): void {
  armed = plan ? { plan, arrivals: 0 } : null;
  if (plan)
    processLogger().warn(
      { fault: plan },
      `test fault armed: ${plan.point}@${plan.arrival} (tests only)`,
    );
}

/** A point where a test may pause the server; resolves at once unless armed for this arrival. */
export async function testFault(point: TestFaultPoint): Promise<void> {
  if (armed === null || armed.plan.point !== point) return;
  armed.arrivals += 1;
  if (armed.arrivals !== armed.plan.arrival) return;
  process.stdout.write(`${TEST_FAULT_PAUSED} ${point}\n`);
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  throw new Error(`test fault: ${point} was not killed within ${PAUSE_MS} ms`);
}
