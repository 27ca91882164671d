-- Facts the post-offline-earnings job posted but head office should look at: an offline redemption
-- beyond the store's daily allowance or the card's available balance (PRODUCT 5), or one made where
-- the store does not allow offline redemption. Open reviews are the ones not yet resolved.
CREATE TABLE "fact_reviews" (
	"fact_id" uuid PRIMARY KEY NOT NULL,
	"card_number" text,
	"store_id" text NOT NULL,
	"register_id" text NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"points" bigint DEFAULT 0 NOT NULL,
	"flagged_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	CONSTRAINT "fact_reviews_kind_check" CHECK ("fact_reviews"."kind" in ('offlineOverdraw'))
);
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_fact_id_facts_id_fk" FOREIGN KEY ("fact_id") REFERENCES "public"."facts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_resolved_by_staff_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "fact_reviews_open_idx" ON "fact_reviews" USING btree ("flagged_at") WHERE "fact_reviews"."resolved_at" is null;
--> statement-breakpoint
-- The daily offline allowance sums a card's offline spends of one local day.
CREATE INDEX "ledger_entries_offline_spend_idx" ON "ledger_entries" USING btree ("card_number", "earned_at") WHERE "kind" = 'redeem' AND "origin" = 'offline';
