-- A card's tier set by hand: held, whatever the card earns, until an end date; the tier history
-- records why and who set it.
ALTER TABLE "cards" ADD COLUMN "tier_held_until" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "tier_hold_reason" text;
--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "tier_held_by" text;
--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_tier_held_by_staff_id_fk" FOREIGN KEY ("tier_held_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD COLUMN "reason" text;
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD COLUMN "set_by" text;
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD CONSTRAINT "card_tier_changes_set_by_staff_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
