/**
 * A fact the server cannot accept (PRODUCT 5): thrown by a check, it rolls the fact's transaction
 * back, and the job then sets the fact aside as rejected with this message as its reason.
 */
export class FactRejected extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FactRejected';
  }
}

export function reject(reason: string): never {
  throw new FactRejected(reason);
}
