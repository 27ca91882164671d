-- A store's country (ISO 3166 alpha-2) picks its VAT rates; its address is printed on receipts.
ALTER TABLE "stores" ADD COLUMN "country" text;
--> statement-breakpoint
ALTER TABLE "stores" ADD COLUMN "address" text;
--> statement-breakpoint
-- The VAT rate of a product category in a country, in basis points (2100 = 21 %); shelf prices
-- include it. A category without a rate in the store's country is sold at 0 %.
CREATE TABLE "vat_rates" (
	"country" text NOT NULL,
	"category" text NOT NULL,
	"rate" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vat_rates_pkey" PRIMARY KEY("country","category"),
	CONSTRAINT "vat_rates_rate_check" CHECK ("vat_rates"."rate" between 0 and 10000),
	CONSTRAINT "vat_rates_country_check" CHECK ("vat_rates"."country" ~ '^[A-Z]{2}$')
);
