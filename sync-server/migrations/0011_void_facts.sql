-- Registers record a voided line or sale as a fact of its own ('void'), for head office's void report.
ALTER TABLE "facts" DROP CONSTRAINT "facts_type_check";
--> statement-breakpoint
ALTER TABLE "facts" ADD CONSTRAINT "facts_type_check" CHECK ("facts"."type" in ('sale', 'ledgerEntry', 'cardIssued', 'customer', 'void'));
--> statement-breakpoint
CREATE INDEX "facts_void_time_idx" ON "facts" USING btree ("store_id", "device_time") WHERE "type" = 'void';
