-- Notices in the customer's language, a warning period per reward point, notices of tier changes,
-- a history of tier changes (what tier notices are written from), and each notice's delivery to
-- the retailer's signed webhook.
ALTER TABLE "customers" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_language_check" CHECK ("customers"."language" in ('en', 'nl', 'sv', 'fr'));
--> statement-breakpoint
ALTER TABLE "reward_points" ADD COLUMN "expiry_warning_days" integer;
--> statement-breakpoint
ALTER TABLE "notifications_outbox" DROP CONSTRAINT "notifications_outbox_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications_outbox" ADD CONSTRAINT "notifications_outbox_kind_check" CHECK ("notifications_outbox"."kind" in ('balanceUpdate', 'expiryWarning', 'tierChanged'));
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"notification_id" uuid PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"retry_after" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_notification_id_notifications_outbox_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications_outbox"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_retry_idx" ON "webhook_deliveries" USING btree ("retry_after") WHERE "webhook_deliveries"."claimed_at" is null and "webhook_deliveries"."sent_at" is null and "webhook_deliveries"."error" is null;
--> statement-breakpoint
CREATE TABLE "card_tier_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "card_tier_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"card_number" text NOT NULL,
	"previous_tier_id" text,
	"tier_id" text,
	"valid_until" timestamp with time zone,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD CONSTRAINT "card_tier_changes_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD CONSTRAINT "card_tier_changes_previous_tier_id_tiers_id_fk" FOREIGN KEY ("previous_tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "card_tier_changes" ADD CONSTRAINT "card_tier_changes_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "card_tier_changes_card_idx" ON "card_tier_changes" USING btree ("card_number","changed_at");
