-- The distribution versions a register could have priced a fact at (posting/catalogue.ts): from the
-- version it reported holding at its last quiet contact before the fact, up to the store's latest
-- version when the fact arrived. Null on facts stored before: the latest version is used.
ALTER TABLE "facts" ADD COLUMN "catalogue_from" integer;
--> statement-breakpoint
ALTER TABLE "facts" ADD COLUMN "catalogue_to" integer;
