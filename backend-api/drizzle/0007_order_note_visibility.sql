CREATE TYPE "public"."note_visibility" AS ENUM('internal', 'customer');--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "note_visibility" "note_visibility" DEFAULT 'internal' NOT NULL;