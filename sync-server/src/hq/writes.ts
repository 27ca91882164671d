import { databaseErrorCode } from '../db/errors';
import { conflict } from '../errors';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Runs an insert, answering 409 when the id (or another unique key) is already taken. */
export async function insertOnce<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (databaseErrorCode(error) === UNIQUE_VIOLATION) throw conflict('alreadyExists', message);
    throw error;
  }
}

/** Runs a delete or update, answering 409 when rows elsewhere still refer to what it removes. */
export async function whileUnreferenced<T>(work: () => Promise<T>, message: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (databaseErrorCode(error) === FOREIGN_KEY_VIOLATION) throw conflict('inUse', message);
    throw error;
  }
}
