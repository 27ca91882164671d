/**
 * Card numbers are digit strings ending in a Luhn check digit, so a mistyped digit or a swap of
 * two neighbours is refused at once, offline, before any lookup.
 */
export const CARD_NUMBER_MIN_LENGTH = 8;
export const CARD_NUMBER_MAX_LENGTH = 19;

export type CardNumberProblem = 'format' | 'checkDigit';

export function luhnCheckDigit(payload: string): number {
  let total = 0;
  for (let i = 0; i < payload.length; i++) {
    // Double every second digit counting from the right of the payload (the check digit goes after it).
    let digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return (10 - (total % 10)) % 10;
}

export function checkCardNumber(
  text: string,
): { ok: true; number: string } | { ok: false; problem: CardNumberProblem } {
  const number = text.replace(/[\s-]/g, '');
  if (
    !/^\d+$/.test(number) ||
    number.length < CARD_NUMBER_MIN_LENGTH ||
    number.length > CARD_NUMBER_MAX_LENGTH
  ) {
    return { ok: false, problem: 'format' };
  }
  const expected = luhnCheckDigit(number.slice(0, -1));
  return number.endsWith(String(expected))
    ? { ok: true, number }
    : { ok: false, problem: 'checkDigit' };
}

export function isValidCardNumber(text: string): boolean {
  return checkCardNumber(text).ok;
}

export interface CardNumberFormat {
  /** Leading digits that mark the programme, e.g. "6001". */
  readonly prefix: string;
  /** Digits of the running sequence between prefix and check digit. */
  readonly sequenceDigits: number;
}

export function cardNumberFor(format: CardNumberFormat, sequence: number): string {
  if (!/^\d*$/.test(format.prefix)) throw new RangeError('a card number prefix is digits only');
  if (!Number.isSafeInteger(sequence) || sequence < 0)
    throw new RangeError('a card sequence is a non-negative integer');
  const digits = String(sequence);
  if (digits.length > format.sequenceDigits)
    throw new RangeError(`sequence ${sequence} does not fit ${format.sequenceDigits} digits`);
  const payload = format.prefix + digits.padStart(format.sequenceDigits, '0');
  const number = payload + String(luhnCheckDigit(payload));
  if (number.length < CARD_NUMBER_MIN_LENGTH || number.length > CARD_NUMBER_MAX_LENGTH) {
    throw new RangeError(
      `card numbers must have ${CARD_NUMBER_MIN_LENGTH} to ${CARD_NUMBER_MAX_LENGTH} digits`,
    );
  }
  return number;
}

/** A range of sequence numbers reserved for one register: [first, last], both included. */
export interface NumberBlock {
  readonly id: string;
  readonly first: number;
  readonly last: number;
}

export function blockSize(block: NumberBlock): number {
  return block.last - block.first + 1;
}

/**
 * The next free number of a register's blocks, given how many it has used from each; null when
 * every block is spent. Blocks are used in order of their first sequence.
 */
export function nextFromBlocks(
  format: CardNumberFormat,
  blocks: readonly NumberBlock[],
  used: ReadonlyMap<string, number>,
): { number: string; blockId: string; sequence: number } | null {
  for (const block of [...blocks].sort((a, b) => a.first - b.first)) {
    const taken = used.get(block.id) ?? 0;
    if (taken < blockSize(block)) {
      const sequence = block.first + taken;
      return { number: cardNumberFor(format, sequence), blockId: block.id, sequence };
    }
  }
  return null;
}

/** How many numbers are left; a register asks for a new block when this falls below its low mark. */
export function numbersLeft(
  blocks: readonly NumberBlock[],
  used: ReadonlyMap<string, number>,
): number {
  return blocks.reduce(
    (acc, block) => acc + Math.max(0, blockSize(block) - (used.get(block.id) ?? 0)),
    0,
  );
}

/** Hands out the next block after the highest sequence already reserved (server side). */
export function nextBlock(
  id: string,
  highestReserved: number | null,
  size: number,
  start = 1,
): NumberBlock {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new RangeError('a block size is a positive integer');
  const first = highestReserved === null ? start : highestReserved + 1;
  return { id, first, last: first + size - 1 };
}
