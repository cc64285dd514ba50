CREATE TABLE "inventory_levels" (
	"variant_id" uuid PRIMARY KEY NOT NULL,
	"stock_on_hand" integer DEFAULT 0 NOT NULL,
	"stock_reserved" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer DEFAULT 5 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_levels_stock_nonnegative" CHECK ("inventory_levels"."stock_on_hand" >= 0 and "inventory_levels"."stock_reserved" >= 0),
	CONSTRAINT "inventory_levels_reserved_within_stock" CHECK ("inventory_levels"."stock_reserved" <= "inventory_levels"."stock_on_hand"),
	CONSTRAINT "inventory_levels_low_stock_threshold_nonnegative" CHECK ("inventory_levels"."low_stock_threshold" >= 0)
);
--> statement-breakpoint
ALTER TABLE "variants" DROP CONSTRAINT "variants_stock_nonnegative";--> statement-breakpoint
ALTER TABLE "variants" DROP CONSTRAINT "variants_reserved_within_stock";--> statement-breakpoint
ALTER TABLE "variants" DROP CONSTRAINT "variants_low_stock_threshold_nonnegative";--> statement-breakpoint
ALTER TABLE "inventory_levels" ADD CONSTRAINT "inventory_levels_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Existing stock moves with its variants (hand-written: drizzle-kit generates no data copy).
INSERT INTO "inventory_levels" ("variant_id", "stock_on_hand", "stock_reserved", "low_stock_threshold", "updated_at")
SELECT "id", "stock_on_hand", "stock_reserved", "low_stock_threshold", "updated_at" FROM "variants";--> statement-breakpoint
ALTER TABLE "variants" DROP COLUMN "stock_on_hand";--> statement-breakpoint
ALTER TABLE "variants" DROP COLUMN "stock_reserved";--> statement-breakpoint
ALTER TABLE "variants" DROP COLUMN "low_stock_threshold";
