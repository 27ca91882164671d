-- The rewards catalogue: head office's rewards (a free product, an amount or percent off) priced in
-- points of a redeemable reward point. Every version a store may have been sent is kept, so a sale
-- that applied one is checked against the version the register had.
CREATE TABLE "rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"reward_point_id" text NOT NULL,
	"active" boolean NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reward_versions" (
	"reward_id" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reward_versions_pkey" PRIMARY KEY ("reward_id", "version")
);
--> statement-breakpoint
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_reward_point_id_reward_points_id_fk" FOREIGN KEY ("reward_point_id") REFERENCES "public"."reward_points"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "reward_versions" ADD CONSTRAINT "reward_versions_reward_id_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."rewards"("id") ON DELETE cascade ON UPDATE no action;
