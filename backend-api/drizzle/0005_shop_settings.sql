CREATE TABLE "shop_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"locale" text NOT NULL,
	"time_zone" text NOT NULL,
	"prices_include_tax" boolean NOT NULL,
	"contact_email" text NOT NULL,
	"address_name" text NOT NULL,
	"address_street" text NOT NULL,
	"address_postcode" text NOT NULL,
	"address_city" text NOT NULL,
	"address_country" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "shop_settings_single_row" CHECK ("shop_settings"."id" = 1),
	CONSTRAINT "shop_settings_currency_iso" CHECK ("shop_settings"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "shop_settings_country_iso" CHECK ("shop_settings"."address_country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- The one row, with the demo shop's values; admins change it in the admin panel (PUT /admin/shop-settings).
INSERT INTO "shop_settings" ("id", "name", "currency", "locale", "time_zone", "prices_include_tax", "contact_email",
  "address_name", "address_street", "address_postcode", "address_city", "address_country")
VALUES (1, 'ShopStream', 'EUR', 'en-IE', 'Europe/Berlin', true, 'hello@shopstream.dev',
  'ShopStream GmbH', 'Torstraße 1', '10119', 'Berlin', 'DE')
ON CONFLICT ("id") DO NOTHING;
