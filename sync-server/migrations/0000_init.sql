CREATE TABLE "affiliations" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hidden_in_stores" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reward_points" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"currency" text,
	"redeemable" boolean NOT NULL,
	"redeem_ranking" integer NOT NULL,
	"redemption_threshold" bigint,
	"max_per_card" bigint,
	"expiry" jsonb,
	"expiry_calculation" text DEFAULT 'static' NOT NULL,
	"vesting" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reward_points_type_check" CHECK ("reward_points"."type" in ('quantity', 'amount')),
	CONSTRAINT "reward_points_expiry_calculation_check" CHECK ("reward_points"."expiry_calculation" in ('static', 'dynamic'))
);
--> statement-breakpoint
CREATE TABLE "schemes" (
	"id" text NOT NULL,
	"version" integer NOT NULL,
	"name" text,
	"program_id" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"stores" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"earning" jsonb NOT NULL,
	"redemption" jsonb NOT NULL,
	"excluded_affiliations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"activated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schemes_pkey" PRIMARY KEY("id","version"),
	CONSTRAINT "schemes_status_check" CHECK ("schemes"."status" in ('draft', 'active'))
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"id" text PRIMARY KEY NOT NULL,
	"program_id" text NOT NULL,
	"name" text NOT NULL,
	"level" integer NOT NULL,
	"stay" jsonb,
	"discount" jsonb,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_program_level_unique" UNIQUE("program_id","level")
);
--> statement-breakpoint
CREATE TABLE "card_number_blocks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "card_number_blocks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" text NOT NULL,
	"register_id" text NOT NULL,
	"first_number" bigint NOT NULL,
	"last_number" bigint NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"exhausted_at" timestamp with time zone,
	CONSTRAINT "card_number_blocks_range_check" CHECK ("card_number_blocks"."first_number" <= "card_number_blocks"."last_number")
);
--> statement-breakpoint
CREATE TABLE "enrolment_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"register_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"name" text NOT NULL,
	"enrolment_state" text DEFAULT 'pending' NOT NULL,
	"token_hash" text,
	"enrolled_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registers_enrolment_state_check" CHECK ("registers"."enrolment_state" in ('pending', 'enrolled', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"stores" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pin_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_role_check" CHECK ("staff"."role" in ('cashier', 'manager', 'headOffice'))
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"program_id" text,
	"profile" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_prices" (
	"product_id" text NOT NULL,
	"currency" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_prices_pkey" PRIMARY KEY("product_id","currency")
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"barcode" text,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "card_balances" (
	"card_number" text NOT NULL,
	"reward_point_id" text NOT NULL,
	"posted" bigint DEFAULT 0 NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "card_balances_pkey" PRIMARY KEY("card_number","reward_point_id")
);
--> statement-breakpoint
CREATE TABLE "cards" (
	"number" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"program_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"tier_id" text,
	"tier_valid_until" timestamp with time zone,
	"enrolment_source" text NOT NULL,
	"enrolment_store_id" text,
	"enrolment_register_id" text,
	"replaced_by" text,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cards_status_check" CHECK ("cards"."status" in ('active', 'blocked', 'replaced')),
	CONSTRAINT "cards_enrolment_source_check" CHECK ("cards"."enrolment_source" in ('register', 'headOffice', 'api'))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"phone" text,
	"affiliations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enrolment_blocked" boolean DEFAULT false NOT NULL,
	"notify_balance_updates" boolean DEFAULT false NOT NULL,
	"notify_expiry_warnings" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"card_number" text NOT NULL,
	"reward_point_id" text NOT NULL,
	"kind" text NOT NULL,
	"points" bigint NOT NULL,
	"store_id" text,
	"register_id" text,
	"receipt_id" text,
	"line_id" text,
	"scheme_id" text,
	"scheme_version" integer,
	"rule_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"vests_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"cropped" bigint DEFAULT 0 NOT NULL,
	"staff_id" text,
	"comment" text,
	"device_time" timestamp with time zone,
	"device_seq" bigint,
	"server_time" timestamp with time zone DEFAULT now() NOT NULL,
	"lots" jsonb,
	"reverses" uuid,
	"fact_id" uuid,
	CONSTRAINT "ledger_entries_kind_check" CHECK ("ledger_entries"."kind" in ('earn', 'redeem', 'refundRedeem', 'returnEarn', 'adjust', 'transferIn', 'transferOut', 'expire', 'activity')),
	CONSTRAINT "ledger_entries_origin_check" CHECK ("ledger_entries"."origin" in ('online', 'offline')),
	CONSTRAINT "ledger_entries_status_check" CHECK ("ledger_entries"."status" in ('pending', 'posted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"card_number" text NOT NULL,
	"reward_point_id" text NOT NULL,
	"remaining" bigint NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"vests_at" timestamp with time zone,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "distribution_changes" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "distribution_changes_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" text NOT NULL,
	"version" integer NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"op" text NOT NULL,
	"body" jsonb,
	CONSTRAINT "distribution_changes_op_check" CHECK ("distribution_changes"."op" in ('upsert', 'delete'))
);
--> statement-breakpoint
CREATE TABLE "distribution_versions" (
	"store_id" text NOT NULL,
	"version" integer NOT NULL,
	"last_seq" bigint NOT NULL,
	"change_count" integer NOT NULL,
	"job_run_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "distribution_versions_pkey" PRIMARY KEY("store_id","version")
);
--> statement-breakpoint
CREATE TABLE "facts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"register_id" text NOT NULL,
	"type" text NOT NULL,
	"body" jsonb NOT NULL,
	"device_time" timestamp with time zone NOT NULL,
	"device_seq" bigint NOT NULL,
	"server_time" timestamp with time zone DEFAULT now() NOT NULL,
	"skew_flagged" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "facts_type_check" CHECK ("facts"."type" in ('sale', 'ledgerEntry', 'cardIssued', 'customer')),
	CONSTRAINT "facts_status_check" CHECK ("facts"."status" in ('pending', 'posted', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" text NOT NULL,
	"register_id" text NOT NULL,
	"staff_id" text,
	"card_number" text,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"tenders" jsonb NOT NULL,
	"return_of" text,
	"offline" boolean NOT NULL,
	"device_time" timestamp with time zone NOT NULL,
	"device_seq" bigint NOT NULL,
	"server_time" timestamp with time zone DEFAULT now() NOT NULL,
	"fact_id" uuid
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer,
	"error" text,
	CONSTRAINT "job_runs_status_check" CHECK ("job_runs"."status" in ('running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notifications_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"customer_id" text NOT NULL,
	"card_number" text,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "notifications_outbox_kind_check" CHECK ("notifications_outbox"."kind" in ('balanceUpdate', 'expiryWarning'))
);
--> statement-breakpoint
ALTER TABLE "schemes" ADD CONSTRAINT "schemes_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_number_blocks" ADD CONSTRAINT "card_number_blocks_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_number_blocks" ADD CONSTRAINT "card_number_blocks_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD CONSTRAINT "enrolment_codes_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolment_codes" ADD CONSTRAINT "enrolment_codes_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stores" ADD CONSTRAINT "stores_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_prices" ADD CONSTRAINT "product_prices_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_balances" ADD CONSTRAINT "card_balances_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_balances" ADD CONSTRAINT "card_balances_reward_point_id_reward_points_id_fk" FOREIGN KEY ("reward_point_id") REFERENCES "public"."reward_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_tier_id_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_enrolment_store_id_stores_id_fk" FOREIGN KEY ("enrolment_store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_enrolment_register_id_registers_id_fk" FOREIGN KEY ("enrolment_register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_replaced_by_cards_number_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reward_point_id_reward_points_id_fk" FOREIGN KEY ("reward_point_id") REFERENCES "public"."reward_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_reverses_ledger_entries_id_fk" FOREIGN KEY ("reverses") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_reward_point_id_reward_points_id_fk" FOREIGN KEY ("reward_point_id") REFERENCES "public"."reward_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_changes" ADD CONSTRAINT "distribution_changes_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "distribution_versions" ADD CONSTRAINT "distribution_versions_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facts" ADD CONSTRAINT "facts_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facts" ADD CONSTRAINT "facts_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_register_id_registers_id_fk" FOREIGN KEY ("register_id") REFERENCES "public"."registers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications_outbox" ADD CONSTRAINT "notifications_outbox_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications_outbox" ADD CONSTRAINT "notifications_outbox_card_number_cards_number_fk" FOREIGN KEY ("card_number") REFERENCES "public"."cards"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "schemes_status_idx" ON "schemes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "card_number_blocks_register_idx" ON "card_number_blocks" USING btree ("register_id");--> statement-breakpoint
CREATE UNIQUE INDEX "card_number_blocks_first_unique" ON "card_number_blocks" USING btree ("first_number");--> statement-breakpoint
CREATE INDEX "enrolment_codes_register_idx" ON "enrolment_codes" USING btree ("register_id");--> statement-breakpoint
CREATE INDEX "registers_store_idx" ON "registers" USING btree ("store_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registers_token_hash_unique" ON "registers" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "products_barcode_unique" ON "products" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category");--> statement-breakpoint
CREATE INDEX "cards_customer_idx" ON "cards" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "cards_program_updated_idx" ON "cards" USING btree ("program_id","updated_at");--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "ledger_entries_card_idx" ON "ledger_entries" USING btree ("card_number","seq");--> statement-breakpoint
CREATE INDEX "ledger_entries_pending_idx" ON "ledger_entries" USING btree ("server_time") WHERE "ledger_entries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "ledger_entries_receipt_idx" ON "ledger_entries" USING btree ("receipt_id","line_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_reverses_idx" ON "ledger_entries" USING btree ("reverses");--> statement-breakpoint
CREATE INDEX "ledger_entries_fact_idx" ON "ledger_entries" USING btree ("fact_id");--> statement-breakpoint
CREATE INDEX "lots_card_idx" ON "lots" USING btree ("card_number","reward_point_id");--> statement-breakpoint
CREATE INDEX "lots_expiring_idx" ON "lots" USING btree ("expires_at") WHERE "lots"."remaining" > 0 and "lots"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "distribution_changes_store_seq_idx" ON "distribution_changes" USING btree ("store_id","seq");--> statement-breakpoint
CREATE INDEX "facts_status_idx" ON "facts" USING btree ("status","server_time");--> statement-breakpoint
CREATE INDEX "facts_register_seq_idx" ON "facts" USING btree ("register_id","device_seq");--> statement-breakpoint
CREATE INDEX "sales_card_idx" ON "sales" USING btree ("card_number");--> statement-breakpoint
CREATE INDEX "sales_store_time_idx" ON "sales" USING btree ("store_id","device_time");--> statement-breakpoint
CREATE INDEX "sales_return_of_idx" ON "sales" USING btree ("return_of") WHERE "sales"."return_of" is not null;--> statement-breakpoint
CREATE INDEX "job_runs_name_started_idx" ON "job_runs" USING btree ("name","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_outbox_dedupe_unique" ON "notifications_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_outbox_unclaimed_idx" ON "notifications_outbox" USING btree ("created_at") WHERE "notifications_outbox"."claimed_at" is null;