-- The post-offline-earnings job (PRODUCT 6) rejects only what its checks refuse. Any other error
-- leaves the fact pending: each failed attempt is counted here with its error, and the fact waits
-- until retry_after before the next one. After a few attempts the job sets it aside as rejected.
CREATE TABLE "fact_attempts" (
	"fact_id" uuid PRIMARY KEY NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text NOT NULL,
	"retry_after" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fact_attempts_fact_id_facts_id_fk" FOREIGN KEY ("fact_id") REFERENCES "public"."facts"("id"),
	CONSTRAINT "fact_attempts_attempts_check" CHECK ("attempts" > 0)
);
--> statement-breakpoint
-- Which sale paid with an online reservation (PRODUCT 4.2, 5). Written under the reservation row's
-- lock when the sale is pushed and when it is posted; releasing locks the same row, so a tender
-- either pays for one sale or goes back to the card, never both.
CREATE TABLE "reservation_sales" (
	"tender_id" uuid PRIMARY KEY NOT NULL,
	"sale_fact_id" uuid NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reservation_sales_tender_id_reservations_tender_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."reservations"("tender_id"),
	CONSTRAINT "reservation_sales_sale_fact_id_facts_id_fk" FOREIGN KEY ("sale_fact_id") REFERENCES "public"."facts"("id")
);
--> statement-breakpoint
CREATE INDEX "reservation_sales_fact_idx" ON "reservation_sales" USING btree ("sale_fact_id");
--> statement-breakpoint
-- Sales pushed before this table existed: the first sale (not rejected) naming the tender paid with it.
INSERT INTO "reservation_sales" ("tender_id", "sale_fact_id", "used_at")
SELECT DISTINCT ON (r."tender_id") r."tender_id", f."id", f."server_time"
  FROM "reservations" r
  JOIN "facts" f ON f."type" = 'sale' AND f."status" <> 'rejected'
   AND f."body" -> 'receipt' -> 'tenders' @> jsonb_build_array(jsonb_build_object('id', r."tender_id"::text))
 WHERE r."status" = 'reserved'
 ORDER BY r."tender_id", f."server_time", f."id";
