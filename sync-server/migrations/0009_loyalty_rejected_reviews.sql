-- A sale is kept whatever its card's state: when only its loyalty part is rejected (an unknown or
-- blocked card, earnings that differ from the engine), the sale is posted with the reason and
-- listed for head office's review under a kind of its own.
ALTER TABLE "fact_reviews" DROP CONSTRAINT "fact_reviews_kind_check";
--> statement-breakpoint
ALTER TABLE "fact_reviews" ADD CONSTRAINT "fact_reviews_kind_check" CHECK ("fact_reviews"."kind" in ('offlineOverdraw', 'loyaltyRejected'));
