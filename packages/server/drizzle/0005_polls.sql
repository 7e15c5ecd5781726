CREATE TYPE "public"."ballot_scope" AS ENUM('community', 'building', 'unit');--> statement-breakpoint
CREATE TYPE "public"."poll_approval_rule" AS ENUM('majority', 'three-quarters');--> statement-breakpoint
CREATE TYPE "public"."poll_decision" AS ENUM('none', 'owners');--> statement-breakpoint
CREATE TYPE "public"."poll_eligibility" AS ENUM('device', 'ballot-code');--> statement-breakpoint
CREATE TYPE "public"."poll_selection" AS ENUM('single', 'multiple');--> statement-breakpoint
CREATE TYPE "public"."poll_visibility" AS ENUM('always', 'after-voting', 'after-close', 'staff-only');--> statement-breakpoint
CREATE TABLE "poll_ballot_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"code_hmac" text NOT NULL,
	"scope" "ballot_scope" NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"household_id" uuid,
	"label" text NOT NULL,
	"floor" smallint,
	"floor_area" numeric(10, 2),
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poll_ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"poll_id" uuid NOT NULL,
	"option_ids" uuid[] NOT NULL,
	"other_text" text,
	"voter_hash" text,
	"ballot_code_id" uuid,
	"receipt_hash" text NOT NULL,
	"source" text DEFAULT 'online' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "poll_ballots_one_credential_check" CHECK (("poll_ballots"."voter_hash" is null) <> ("poll_ballots"."ballot_code_id" is null))
);
--> statement-breakpoint
CREATE TABLE "poll_cost_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"poll_id" uuid NOT NULL,
	"floor" smallint,
	"household_id" uuid,
	"percent" numeric(7, 4) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poll_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"poll_id" uuid NOT NULL,
	"label" text NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	"is_other" boolean DEFAULT false NOT NULL,
	"approves" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "polls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"selection" "poll_selection" DEFAULT 'single' NOT NULL,
	"max_choices" smallint DEFAULT 1 NOT NULL,
	"visibility" "poll_visibility" DEFAULT 'always' NOT NULL,
	"eligibility" "poll_eligibility" DEFAULT 'device' NOT NULL,
	"decision" "poll_decision" DEFAULT 'none' NOT NULL,
	"approval_rule" "poll_approval_rule" DEFAULT 'majority' NOT NULL,
	"scope" "ballot_scope" DEFAULT 'community' NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"page_url" text,
	"cost_share_basis" text,
	"opens_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "polls_max_choices_check" CHECK ("polls"."max_choices" between 1 and 50),
	CONSTRAINT "polls_schedule_check" CHECK ("polls"."closes_at" is null or "polls"."closes_at" > "polls"."opens_at"),
	CONSTRAINT "polls_owners_code_check" CHECK ("polls"."decision" = 'none' or "polls"."eligibility" = 'ballot-code')
);
--> statement-breakpoint
ALTER TABLE "poll_ballot_codes" ADD CONSTRAINT "poll_ballot_codes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballot_codes" ADD CONSTRAINT "poll_ballot_codes_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballot_codes" ADD CONSTRAINT "poll_ballot_codes_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballot_codes" ADD CONSTRAINT "poll_ballot_codes_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballot_codes" ADD CONSTRAINT "poll_ballot_codes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_ballots" ADD CONSTRAINT "poll_ballots_ballot_code_id_poll_ballot_codes_id_fk" FOREIGN KEY ("ballot_code_id") REFERENCES "public"."poll_ballot_codes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_cost_shares" ADD CONSTRAINT "poll_cost_shares_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_cost_shares" ADD CONSTRAINT "poll_cost_shares_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poll_options" ADD CONSTRAINT "poll_options_poll_id_polls_id_fk" FOREIGN KEY ("poll_id") REFERENCES "public"."polls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "polls" ADD CONSTRAINT "polls_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballot_codes_hmac_idx" ON "poll_ballot_codes" USING btree ("code_hmac");--> statement-breakpoint
CREATE INDEX "poll_ballot_codes_poll_idx" ON "poll_ballot_codes" USING btree ("poll_id");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballot_codes_household_idx" ON "poll_ballot_codes" USING btree ("poll_id","household_id") WHERE "poll_ballot_codes"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballot_codes_label_idx" ON "poll_ballot_codes" USING btree ("poll_id","label") WHERE "poll_ballot_codes"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_voter_idx" ON "poll_ballots" USING btree ("poll_id","voter_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_code_idx" ON "poll_ballots" USING btree ("ballot_code_id");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_ballots_receipt_idx" ON "poll_ballots" USING btree ("receipt_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_cost_shares_floor_idx" ON "poll_cost_shares" USING btree ("poll_id","floor");--> statement-breakpoint
CREATE UNIQUE INDEX "poll_cost_shares_household_idx" ON "poll_cost_shares" USING btree ("poll_id","household_id");--> statement-breakpoint
CREATE INDEX "poll_options_poll_idx" ON "poll_options" USING btree ("poll_id","sort_order");--> statement-breakpoint
CREATE INDEX "polls_community_idx" ON "polls" USING btree ("community_id","created_at");