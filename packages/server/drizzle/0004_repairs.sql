CREATE TYPE "public"."repair_status" AS ENUM('received', 'acknowledged', 'scheduled', 'in_progress', 'resolved', 'closed', 'reopened');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"site_id" uuid,
	"tracking_code" text NOT NULL,
	"category_id" uuid NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"room" text,
	"location_text" text,
	"latitude" double precision,
	"longitude" double precision,
	"description" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"preferred_time" text,
	"language" text,
	"status" "repair_status" DEFAULT 'received' NOT NULL,
	"assignee_id" uuid,
	"spam" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT 'widget' NOT NULL,
	"rating" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repair_requests_rating_check" CHECK ("repair_requests"."rating" is null or "repair_requests"."rating" between 1 and 5),
	CONSTRAINT "repair_requests_position_check" CHECK (("repair_requests"."latitude" is null) = ("repair_requests"."longitude" is null) and ("repair_requests"."latitude" is null or ("repair_requests"."latitude" between -90 and 90 and "repair_requests"."longitude" between -180 and 180)))
);
--> statement-breakpoint
CREATE TABLE "repair_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"repair_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" "repair_status",
	"note" text,
	"public" boolean DEFAULT false NOT NULL,
	"author_type" text NOT NULL,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "description" jsonb;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "questions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "emergency_notice" jsonb;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD CONSTRAINT "repair_requests_assignee_id_staff_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_updates" ADD CONSTRAINT "repair_updates_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_updates" ADD CONSTRAINT "repair_updates_repair_id_repair_requests_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."repair_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_updates" ADD CONSTRAINT "repair_updates_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_community_idx" ON "api_keys" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_requests_tracking_code_idx" ON "repair_requests" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "repair_requests_community_created_idx" ON "repair_requests" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "repair_requests_community_status_idx" ON "repair_requests" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "repair_updates_repair_created_idx" ON "repair_updates" USING btree ("repair_id","created_at");