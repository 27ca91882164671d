-- Other activities that award themselves (registration, newsletter sign-up) and head office's review
-- list of awards waiting before they post: a customer's newsletter subscription, an activity type's
-- "needs review" setting, and the awards themselves.
ALTER TABLE "customers" ADD COLUMN "newsletter" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
ALTER TABLE "other_activity_types" ADD COLUMN "needs_review" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE "activity_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"card_number" text NOT NULL,
	"customer_id" text,
	"activity_type" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"earned" jsonb NOT NULL,
	"rule_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scheme_id" text,
	"scheme_version" integer,
	"comment" text,
	"staff_id" text,
	"store_id" text,
	"register_id" text,
	"awarded_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_awards_source_check" CHECK ("activity_awards"."source" in ('api', 'registration', 'newsletter')),
	CONSTRAINT "activity_awards_status_check" CHECK ("activity_awards"."status" in ('waiting', 'posted', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_activity_type_other_activity_types_id_fk" FOREIGN KEY ("activity_type") REFERENCES "public"."other_activity_types"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "activity_awards" ADD CONSTRAINT "activity_awards_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "activity_awards_waiting_idx" ON "activity_awards" USING btree ("awarded_at") WHERE "status" = 'waiting';
--> statement-breakpoint
CREATE INDEX "activity_awards_customer_idx" ON "activity_awards" USING btree ("customer_id", "activity_type");
--> statement-breakpoint
CREATE INDEX "activity_awards_card_idx" ON "activity_awards" USING btree ("card_number", "activity_type");
