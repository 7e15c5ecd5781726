CREATE TYPE "public"."notice_kind" AS ENUM('outage', 'works', 'meeting', 'general');--> statement-breakpoint
CREATE TYPE "public"."notice_offer_moderation" AS ENUM('pending', 'published', 'rejected', 'spam');--> statement-breakpoint
CREATE TYPE "public"."notice_scope" AS ENUM('community', 'building', 'unit', 'floors');--> statement-breakpoint
CREATE TABLE "notice_followers" (
	"notice_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_followers_notice_id_device_hash_pk" PRIMARY KEY("notice_id","device_hash")
);
--> statement-breakpoint
CREATE TABLE "notice_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"notice_id" uuid NOT NULL,
	"text" text NOT NULL,
	"device_hash" text,
	"moderation" "notice_offer_moderation" DEFAULT 'pending' NOT NULL,
	"moderated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"notice_id" uuid NOT NULL,
	"text" text NOT NULL,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"kind" "notice_kind" NOT NULL,
	"scope" "notice_scope" NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"floor_from" smallint,
	"floor_to" smallint,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_end_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closing_text" text,
	"repair_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_scope_check" CHECK (case "notices"."scope"
        when 'community' then "notices"."building_id" is null and "notices"."unit_id" is null and "notices"."floor_from" is null
        when 'building' then "notices"."building_id" is not null and "notices"."unit_id" is null and "notices"."floor_from" is null
        when 'unit' then "notices"."unit_id" is not null and "notices"."building_id" is not null and "notices"."floor_from" is null
        else "notices"."building_id" is not null and "notices"."floor_from" is not null and "notices"."floor_to" >= "notices"."floor_from"
      end),
	CONSTRAINT "notices_schedule_check" CHECK ("notices"."expected_end_at" is null or "notices"."expected_end_at" > "notices"."starts_at"),
	CONSTRAINT "notices_closed_check" CHECK (("notices"."closed_at" is null) = ("notices"."closing_text" is null))
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "scope_building_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "scope_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "bot_secret" text;--> statement-breakpoint
ALTER TABLE "notice_followers" ADD CONSTRAINT "notice_followers_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_offers" ADD CONSTRAINT "notice_offers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_offers" ADD CONSTRAINT "notice_offers_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_offers" ADD CONSTRAINT "notice_offers_moderated_by_staff_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_updates" ADD CONSTRAINT "notice_updates_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_repair_id_repair_requests_id_fk" FOREIGN KEY ("repair_id") REFERENCES "public"."repair_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_offers_notice_created_idx" ON "notice_offers" USING btree ("notice_id","created_at");--> statement-breakpoint
CREATE INDEX "notice_updates_notice_created_idx" ON "notice_updates" USING btree ("notice_id","created_at");--> statement-breakpoint
CREATE INDEX "notices_community_created_idx" ON "notices" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE INDEX "notices_building_idx" ON "notices" USING btree ("building_id");--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_scope_building_id_buildings_id_fk" FOREIGN KEY ("scope_building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_scope_unit_id_units_id_fk" FOREIGN KEY ("scope_unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;