-- A receipt found for a return counts what returns still waiting to be posted took back: they are
-- looked up by the sale their body names, among pending sale facts only.
CREATE INDEX "facts_pending_return_of_idx" ON "facts" USING btree ((("body" -> 'receipt' -> 'returnOf' ->> 'sale'))) WHERE "status" = 'pending' AND "type" = 'sale';
