-- Head office's review list (PRODUCT 5): every action taken on a rejected or flagged fact, kept as
-- an audit that is only ever appended to. A void and a successful repost end a rejected fact's time
-- on the list; a resolve ends a flagged review's (fact_reviews.resolved_at is set too). A repost that
-- is rejected again is recorded with its new reason and leaves the fact on the list.
CREATE TABLE "review_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
	"fact_id" uuid NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"staff_id" text NOT NULL,
	"comment" text,
	"reason" text,
	"previous_body" jsonb,
	"corrected_body" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_actions_action_check" CHECK ("action" in ('void', 'repost', 'resolve')),
	CONSTRAINT "review_actions_outcome_check" CHECK ("outcome" in ('voided', 'posted', 'rejected', 'resolved')),
	CONSTRAINT "review_actions_fact_id_facts_id_fk" FOREIGN KEY ("fact_id") REFERENCES "public"."facts"("id"),
	CONSTRAINT "review_actions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id")
);
--> statement-breakpoint
-- A fact is voided, reposted successfully or resolved at most once each.
CREATE UNIQUE INDEX "review_actions_final_unique" ON "review_actions" USING btree ("fact_id", "action") WHERE "outcome" in ('voided', 'posted', 'resolved');
--> statement-breakpoint
CREATE INDEX "review_actions_fact_idx" ON "review_actions" USING btree ("fact_id", "id");
--> statement-breakpoint
-- The resolved part of the review list, newest first.
CREATE INDEX "review_actions_final_at_idx" ON "review_actions" USING btree ("at", "fact_id") WHERE "outcome" in ('voided', 'posted', 'resolved');
--> statement-breakpoint
-- A reposted fact's entries get new ledger ids (a rejected entry can never change again): which new
-- entry stands for which entry of the register's fact.
CREATE TABLE "reposted_entries" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"original_id" uuid NOT NULL,
	"fact_id" uuid NOT NULL,
	"action_id" bigint NOT NULL,
	CONSTRAINT "reposted_entries_fact_id_facts_id_fk" FOREIGN KEY ("fact_id") REFERENCES "public"."facts"("id"),
	CONSTRAINT "reposted_entries_action_id_review_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."review_actions"("id")
);
--> statement-breakpoint
CREATE INDEX "reposted_entries_original_idx" ON "reposted_entries" USING btree ("original_id");
--> statement-breakpoint
-- Reports: posted points by the day they were earned, read from the index alone.
CREATE INDEX "ledger_entries_posted_earned_idx" ON "ledger_entries" USING btree ("earned_at") INCLUDE ("reward_point_id", "kind", "store_id", "points") WHERE "status" = 'posted';
--> statement-breakpoint
-- Reports: cards issued per day and enrolment source.
CREATE INDEX "cards_issued_idx" ON "cards" USING btree ("issued_at") INCLUDE ("enrolment_source", "enrolment_store_id");
--> statement-breakpoint
-- Sync health: the facts still waiting or set aside, per register.
CREATE INDEX "facts_unsettled_register_idx" ON "facts" USING btree ("register_id", "status") WHERE "status" in ('pending', 'rejected');
--> statement-breakpoint
-- The review list: rejected facts newest first.
CREATE INDEX "facts_rejected_idx" ON "facts" USING btree ("server_time", "id") WHERE "status" = 'rejected';
