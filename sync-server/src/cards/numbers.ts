import { checkCardNumber } from '../../../shared/engine/cardNumbers';
import { badRequest, invalidField } from '../errors';
import { CARD_NUMBER_FORMAT } from './numberSequence';

/** A typed card number, refused at once (before any lookup) when its check digit is wrong. */
export function validCardNumber(text: string, field = 'number'): string {
  const checked = checkCardNumber(text);
  if (checked.ok) return checked.number;
  throw invalidField(
    'invalidCardNumber',
    field,
    checked.problem === 'checkDigit' ? 'checkDigit' : 'cardNumberFormat',
    checked.problem === 'checkDigit'
      ? `${text} is not a valid card number (the check digit does not match): check it for a typing error`
      : 'a card number is 8 to 19 digits ending in a check digit',
  );
}

const SEQUENCE_LENGTH = CARD_NUMBER_FORMAT.prefix.length + CARD_NUMBER_FORMAT.sequenceDigits + 1;

/**
 * Numbers of our own format are cut from the sequence (head office, API and the registers'
 * blocks); a number given by hand in that range could collide with one the sequence hands out
 * later, so it is refused.
 */
export function checkGivenNumber(text: string, field = 'number'): string {
  const number = validCardNumber(text, field);
  if (number.length === SEQUENCE_LENGTH && number.startsWith(CARD_NUMBER_FORMAT.prefix))
    throw badRequest(
      'reservedCardNumber',
      `${field}: numbers starting with ${CARD_NUMBER_FORMAT.prefix} come from the card number sequence; set fromSequence: true instead`,
    );
  return number;
}
