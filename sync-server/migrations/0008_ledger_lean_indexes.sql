-- Each ledger entry written or settled updates every index of the table. Two of them cost more than
-- they give: no query looks pending entries up by server time (pending sums are read per card), and
-- only returns, refunds and transfers reverse an entry, so the other entries need no place in that index.
DROP INDEX "ledger_entries_pending_idx";
--> statement-breakpoint
DROP INDEX "ledger_entries_reverses_idx";
--> statement-breakpoint
CREATE INDEX "ledger_entries_reverses_idx" ON "ledger_entries" USING btree ("reverses") WHERE "reverses" IS NOT NULL;
