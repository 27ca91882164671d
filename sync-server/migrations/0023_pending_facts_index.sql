-- The post job reads the pending facts in order of server time, device sequence and id (nextBatch),
-- and counts them. One partial index in exactly that order, of pending facts only, replaces the one
-- on (status, server_time): that one took a new entry for every fact marked posted or rejected, which
-- no query reads, and left the job's read to sort each batch.
DROP INDEX "facts_status_idx";
--> statement-breakpoint
CREATE INDEX "facts_pending_idx" ON "facts" USING btree ("server_time", "device_seq", "id") WHERE "status" = 'pending';
