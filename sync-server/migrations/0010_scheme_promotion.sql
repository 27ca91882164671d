-- A scheme may be a promotion: days of the week and hours in the store's time zone, and a minimum
-- basket, kept as one object in the wire form (shared/domain/loyalty.ts); null for a plain scheme.
ALTER TABLE "schemes" ADD COLUMN "promotion" jsonb;
