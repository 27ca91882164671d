-- Whether a fact is a plain sale (only earnings: no return, no points spent), decided by the shared
-- rule as the fact is stored. The post job reads it to post plain sales of different cards side by
-- side without reading each body. Facts stored before keep false and are posted in order.
ALTER TABLE "facts" ADD COLUMN "plain_sale" boolean DEFAULT false NOT NULL;
