CREATE TYPE "public"."suggestion_moderation" AS ENUM('pending', 'published', 'rejected', 'spam');--> statement-breakpoint
CREATE TYPE "public"."suggestion_status" AS ENUM('received', 'under_review', 'adopted', 'declined', 'done');--> statement-breakpoint
CREATE TABLE "suggestion_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"pre_moderate" boolean DEFAULT true NOT NULL,
	"follow_url" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suggestion_supports" (
	"suggestion_id" uuid NOT NULL,
	"voter_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_supports_suggestion_id_voter_hash_pk" PRIMARY KEY("suggestion_id","voter_hash")
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"site_id" uuid,
	"category_id" uuid,
	"text" text NOT NULL,
	"author_name" text,
	"phone" text,
	"follow_code" text NOT NULL,
	"moderation" "suggestion_moderation" DEFAULT 'pending' NOT NULL,
	"status" "suggestion_status" DEFAULT 'received' NOT NULL,
	"response" text,
	"responded_at" timestamp with time zone,
	"note" text,
	"merged_into_id" uuid,
	"support_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestions_support_count_check" CHECK ("suggestions"."support_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "suggestion_settings" ADD CONSTRAINT "suggestion_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_supports" ADD CONSTRAINT "suggestion_supports_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_merged_into_id_suggestions_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."suggestions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "suggestions_follow_code_idx" ON "suggestions" USING btree ("follow_code");--> statement-breakpoint
CREATE INDEX "suggestions_community_moderation_created_idx" ON "suggestions" USING btree ("community_id","moderation","created_at");