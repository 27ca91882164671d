-- Each notice gets its webhook delivery row when it is written, so a run reads only the deliveries
-- still due instead of the whole outbox; notices written before now get theirs here.
INSERT INTO "webhook_deliveries" ("notification_id")
SELECT o."id" FROM "notifications_outbox" o
WHERE NOT EXISTS (SELECT 1 FROM "webhook_deliveries" d WHERE d."notification_id" = o."id");
--> statement-breakpoint
-- A tier change is marked once its notice is written: each run reads the unmarked changes alone.
ALTER TABLE "card_tier_changes" ADD COLUMN "notice_written_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "card_tier_changes" SET "notice_written_at" = "changed_at"
WHERE "id" <= coalesce(
  (SELECT "value" FROM "counters" WHERE "name" = 'mark:notifications.tierChangeWatermark'), 0);
--> statement-breakpoint
DELETE FROM "counters" WHERE "name" = 'mark:notifications.tierChangeWatermark';
--> statement-breakpoint
CREATE INDEX "card_tier_changes_notice_due_idx" ON "card_tier_changes" USING btree ("id") WHERE "card_tier_changes"."notice_written_at" is null;
--> statement-breakpoint
-- A warning before a card falls from its tier, a number of days set per tier.
ALTER TABLE "tiers" ADD COLUMN "expiry_warning_days" integer;
--> statement-breakpoint
ALTER TABLE "notifications_outbox" DROP CONSTRAINT "notifications_outbox_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications_outbox" ADD CONSTRAINT "notifications_outbox_kind_check" CHECK ("notifications_outbox"."kind" in ('balanceUpdate', 'expiryWarning', 'tierChanged', 'tierExpiring'));
