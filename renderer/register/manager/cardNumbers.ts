import { api } from '../../../shared/protocol/api';
import { z } from 'zod';
import { nextFromBlocks, numbersLeft } from '../../../shared/engine/cardNumbers';
import { CardNumberBlock } from '../../../shared/protocol/sync';
import { readMeta, writeMeta, type RegisterDb } from '../localdb/schema';
import type { SyncEngine } from '../sync/engine';

type Block = z.infer<typeof CardNumberBlock>;
const BLOCKS_KEY = 'cardNumberBlocks';
const USED_KEY = 'cardNumbersUsed';
/** Ask for a new block while this many numbers are still left, so issuing never stops offline. */
export const LOW_MARK = 10;

export async function readBlocks(db: RegisterDb) {
  const blocks = z
    .array(CardNumberBlock)
    .catch([])
    .parse((await readMeta(db, BLOCKS_KEY)) ?? []);
  const used = new Map(
    Object.entries((await readMeta<Record<string, number>>(db, USED_KEY)) ?? {}),
  );
  return { blocks, used, left: numbersLeft(blocks, used) };
}

/** Fetches a new block from the server when few numbers are left (online only; quiet offline). */
export async function topUpBlocks(engine: SyncEngine, db: RegisterDb): Promise<number> {
  const { blocks, used, left } = await readBlocks(db);
  if (left >= LOW_MARK) return left;
  const block = await engine.api().route(api.sync.newCardNumberBlock, { body: {} });
  const merged: Block[] = [...blocks.filter((b) => b.id !== block.id), block];
  await writeMeta(db, BLOCKS_KEY, merged);
  return numbersLeft(merged, used);
}

/** Takes the next number of the register's blocks; call inside the transaction that issues it. */
export async function takeNumber(db: RegisterDb): Promise<string | null> {
  const { blocks, used } = await readBlocks(db);
  const block = blocks[0];
  if (!block) return null;
  const format = { prefix: block.prefix, sequenceDigits: block.sequenceDigits };
  const next = nextFromBlocks(format, blocks, used);
  if (!next) return null;
  used.set(next.blockId, (used.get(next.blockId) ?? 0) + 1);
  await writeMeta(db, USED_KEY, Object.fromEntries(used));
  return next.number;
}
