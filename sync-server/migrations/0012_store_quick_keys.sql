-- Quick keys: the favourite products head office puts on a store's sale screen, in grid order.
CREATE TABLE "store_quick_keys" (
	"store_id" text NOT NULL,
	"position" integer NOT NULL,
	"product_id" text NOT NULL,
	CONSTRAINT "store_quick_keys_pkey" PRIMARY KEY ("store_id", "position"),
	CONSTRAINT "store_quick_keys_position_check" CHECK ("position" >= 0 AND "position" < 24)
);
--> statement-breakpoint
ALTER TABLE "store_quick_keys" ADD CONSTRAINT "store_quick_keys_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "store_quick_keys" ADD CONSTRAINT "store_quick_keys_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "store_quick_keys_product_unique" ON "store_quick_keys" USING btree ("store_id", "product_id");
--> statement-breakpoint
CREATE INDEX "store_quick_keys_product_idx" ON "store_quick_keys" USING btree ("product_id");
