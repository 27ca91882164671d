import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { z } from 'zod';
import { api, DEFAULT_BLOCK_SIZE, MAX_BLOCKS_PER_DAY } from '../../../../shared/protocol/api';
import type { CardNumberBlock } from '../../../../shared/protocol/sync';
import { CARD_NUMBER_FORMAT, takeSequence } from '../../cards/numberSequence';
import type { ServerContext } from '../../context';
import { cardNumberBlocks, stores } from '../../db/schema';
import { forbidden, notFound, tooMany } from '../../errors';
import { requireRegister } from '../../auth/principal';
import type { RouteModule } from '../app';
import { serve } from '../serve';

const DAY_MS = 86_400_000;

type BlockRow = typeof cardNumberBlocks.$inferSelect;

const toBlock = (row: BlockRow): z.infer<typeof CardNumberBlock> => ({
  id: String(row.id),
  first: row.firstNumber,
  last: row.lastNumber,
  prefix: CARD_NUMBER_FORMAT.prefix,
  sequenceDigits: CARD_NUMBER_FORMAT.sequenceDigits,
});

/**
 * Cuts a block from the one card number counter (so it never overlaps another block or a number
 * head office issued) and records it for the register, in one transaction.
 */
async function handOutBlock(
  context: ServerContext,
  register: { id: string; store: string },
  size: number,
): Promise<BlockRow> {
  return context.database.transaction(async (tx) => {
    const now = context.clock.now();
    // One at a time per register, so parallel requests cannot pass the daily limit together.
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`blocks:${register.id}`]);
    const [taken] = await tx.db
      .select({ n: count() })
      .from(cardNumberBlocks)
      .where(
        and(
          eq(cardNumberBlocks.registerId, register.id),
          gt(cardNumberBlocks.issuedAt, new Date(now - DAY_MS)),
        ),
      );
    if ((taken?.n ?? 0) >= MAX_BLOCKS_PER_DAY)
      throw tooMany(
        'tooManyBlocks',
        `this register took ${MAX_BLOCKS_PER_DAY} card number blocks in the last 24 hours; ask head office for more`,
      );
    const [store] = await tx.db
      .select({ profile: stores.profile })
      .from(stores)
      .where(eq(stores.id, register.store));
    if (!store) throw notFound(`store ${register.store}`);
    if (!store.profile.generateCardNumbers)
      throw forbidden(`store ${register.store} does not issue card numbers at its registers`);
    const first = await takeSequence(tx, size);
    const [row] = await tx.db
      .insert(cardNumberBlocks)
      .values({
        storeId: register.store,
        registerId: register.id,
        firstNumber: first,
        lastNumber: first + size - 1,
        issuedAt: new Date(now),
      })
      .returning();
    if (!row) throw new Error('the card number block was not recorded');
    return row;
  });
}

/** Card number blocks: a register issues cards offline from numbers reserved for it (PRODUCT 4.6). */
export const syncBlocksRoutes: RouteModule = (app, context) => {
  serve(app, api.sync.newCardNumberBlock, async ({ principal, body }) => {
    const register = requireRegister(principal);
    return toBlock(await handOutBlock(context, register, body?.size ?? DEFAULT_BLOCK_SIZE));
  });

  serve(app, api.sync.cardNumberBlocks, async ({ principal }) => {
    const register = requireRegister(principal);
    const rows = await context.database.db
      .select()
      .from(cardNumberBlocks)
      .where(eq(cardNumberBlocks.registerId, register.id))
      .orderBy(asc(cardNumberBlocks.firstNumber));
    return { blocks: rows.map(toBlock) };
  });
};
