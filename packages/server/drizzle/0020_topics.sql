CREATE TYPE "public"."meeting_party" AS ENUM('residents-committee', 'owners-committee', 'property-company', 'residents-representatives', 'building-leaders');--> statement-breakpoint
CREATE TYPE "public"."representative_role" AS ENUM('residents-representative', 'building-leader', 'owners-representative');--> statement-breakpoint
CREATE TYPE "public"."topic_opinion_moderation" AS ENUM('pending', 'published', 'rejected', 'spam');--> statement-breakpoint
CREATE TYPE "public"."topic_scope" AS ENUM('community', 'building', 'unit');--> statement-breakpoint
CREATE TYPE "public"."topic_status" AS ENUM('proposed', 'scheduled', 'deliberated', 'decided', 'in-progress', 'done', 'dropped');--> statement-breakpoint
CREATE TABLE "meeting_topics" (
	"meeting_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "meeting_topics_meeting_id_topic_id_pk" PRIMARY KEY("meeting_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text,
	"online" text,
	"parties" "meeting_party"[] NOT NULL,
	"attendance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"minutes" text,
	"notice_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_where_check" CHECK ("meetings"."place" is not null or "meetings"."online" is not null)
);
--> statement-breakpoint
CREATE TABLE "representatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"role" "representative_role" NOT NULL,
	"building_id" uuid NOT NULL,
	"unit_id" uuid,
	"display_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"meeting_id" uuid,
	"text" text NOT NULL,
	"responsible_party" text NOT NULL,
	"deadline" date,
	"cost" numeric(14, 2),
	"cost_sharing" text,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_opinions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"text" text NOT NULL,
	"device_hash" text,
	"moderation" "topic_opinion_moderation" DEFAULT 'pending' NOT NULL,
	"moderated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"topic_id" uuid NOT NULL,
	"from_status" "topic_status",
	"to_status" "topic_status" NOT NULL,
	"reason" text NOT NULL,
	"staff_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_suggestions" (
	"topic_id" uuid NOT NULL,
	"suggestion_id" uuid NOT NULL,
	CONSTRAINT "topic_suggestions_topic_id_suggestion_id_pk" PRIMARY KEY("topic_id","suggestion_id")
);
--> statement-breakpoint
CREATE TABLE "topic_supports" (
	"topic_id" uuid NOT NULL,
	"voter_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topic_supports_topic_id_voter_hash_pk" PRIMARY KEY("topic_id","voter_hash")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"scope" "topic_scope" NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" "topic_status" DEFAULT 'proposed' NOT NULL,
	"first_opinion_at" timestamp with time zone DEFAULT now() NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"poll_id" uuid,
	"poll_outcome" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_support_count_check" CHECK ("topics"."support_count" >= 0),
	CONSTRAINT "topics_scope_check" CHECK (case "topics"."scope"
        when 'community' then "topics"."building_id" is null and "topics"."unit_id" is null
        when 'building' then "topics"."building_id" is not null and "topics"."unit_id" is null
        else "topics"."building_id" is not null and "topics"."unit_id" is not null
      end)
);
--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD CONSTRAINT "meeting_topics_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_topics" ADD CONSTRAINT "meeting_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_decisions" ADD CONSTRAINT "topic_decisions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_decisions" ADD CONSTRAINT "topic_decisions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_decisions" ADD CONSTRAINT "topic_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_decisions" ADD CONSTRAINT "topic_decisions_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_opinions" ADD CONSTRAINT "topic_opinions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_opinions" ADD CONSTRAINT "topic_opinions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_opinions" ADD CONSTRAINT "topic_opinions_moderated_by_staff_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_status_changes" ADD CONSTRAINT "topic_status_changes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_status_changes" ADD CONSTRAINT "topic_status_changes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_status_changes" ADD CONSTRAINT "topic_status_changes_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_suggestions" ADD CONSTRAINT "topic_suggestions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_suggestions" ADD CONSTRAINT "topic_suggestions_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_supports" ADD CONSTRAINT "topic_supports_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_topics_topic_idx" ON "meeting_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "meetings_community_starts_idx" ON "meetings" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "representatives_community_building_idx" ON "representatives" USING btree ("community_id","building_id");--> statement-breakpoint
CREATE INDEX "topic_decisions_topic_idx" ON "topic_decisions" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE INDEX "topic_opinions_topic_created_idx" ON "topic_opinions" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE INDEX "topic_status_changes_topic_idx" ON "topic_status_changes" USING btree ("topic_id","created_at");--> statement-breakpoint
CREATE INDEX "topic_suggestions_suggestion_idx" ON "topic_suggestions" USING btree ("suggestion_id");--> statement-breakpoint
CREATE INDEX "topics_community_created_idx" ON "topics" USING btree ("community_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "topics_poll_idx" ON "topics" USING btree ("poll_id");