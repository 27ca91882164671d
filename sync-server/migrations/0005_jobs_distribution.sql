-- At most one running record per job. The runner's advisory lock is what keeps two processes from
-- running a job at once; this index makes the rule hold even if that lock were bypassed.
UPDATE "job_runs" SET "status" = 'failed', "ended_at" = now(),
  "error" = 'interrupted: still marked running when migration 0005 was applied'
WHERE "status" = 'running';
--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_one_running_idx" ON "job_runs" USING btree ("name") WHERE "status" = 'running';
--> statement-breakpoint
-- Which scheme version applies to which store now: written by process-loyalty-schemes.
CREATE TABLE "store_schemes" (
	"store_id" text NOT NULL,
	"scheme_id" text NOT NULL,
	"scheme_version" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_schemes_pkey" PRIMARY KEY("store_id","scheme_id"),
	CONSTRAINT "store_schemes_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id"),
	CONSTRAINT "store_schemes_scheme_fk" FOREIGN KEY ("scheme_id","scheme_version") REFERENCES "public"."schemes"("id","version")
);
--> statement-breakpoint
-- What each store's registers hold after its latest distribution version: one row per item, with
-- the hash of what was sent (to find changes) and the feed row holding it (for snapshots).
CREATE TABLE "distribution_state" (
	"store_id" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"hash" uuid NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "distribution_state_pkey" PRIMARY KEY("store_id","entity","entity_id"),
	CONSTRAINT "distribution_state_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id")
);
--> statement-breakpoint
-- Cards changed at or after this instant are looked at again by the next distribution of the store.
CREATE TABLE "distribution_watermarks" (
	"store_id" text PRIMARY KEY NOT NULL,
	"cards_since" timestamp with time zone NOT NULL,
	CONSTRAINT "distribution_watermarks_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id")
);
--> statement-breakpoint
CREATE INDEX "card_balances_updated_idx" ON "card_balances" USING btree ("updated_at");
--> statement-breakpoint
CREATE INDEX "cards_updated_idx" ON "cards" USING btree ("updated_at");
--> statement-breakpoint
CREATE INDEX "customers_updated_idx" ON "customers" USING btree ("updated_at");
