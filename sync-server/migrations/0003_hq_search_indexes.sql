-- Card search (head office and managers): by number prefix and by customer name prefix. The
-- text_pattern_ops operator class lets `like 'prefix%'` use a btree under any collation.
CREATE INDEX "cards_number_prefix_idx" ON "cards" USING btree ("number" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "customers_name_prefix_idx" ON "customers" USING btree (lower("name") text_pattern_ops);
--> statement-breakpoint
-- The per-customer limit of an other activity counts a card's activity entries of one type.
CREATE INDEX "ledger_entries_activity_idx" ON "ledger_entries" USING btree ("card_number", "activity_type") WHERE "kind" = 'activity';
