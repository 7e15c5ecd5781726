CREATE TYPE "public"."rota_swap_state" AS ENUM('pending', 'accepted', 'withdrawn');--> statement-breakpoint
CREATE TABLE "rota_duties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"rota_id" uuid NOT NULL,
	"day" text NOT NULL,
	"household_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"display_name" text,
	"done_at" timestamp with time zone,
	"photo_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rota_duties_day_check" CHECK ("rota_duties"."day" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "rota_gap_alerts" (
	"rota_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"day" text NOT NULL,
	"open" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rota_gap_alerts_rota_id_day_pk" PRIMARY KEY("rota_id","day")
);
--> statement-breakpoint
CREATE TABLE "rota_household_codes" (
	"rota_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"code_hmac" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rota_household_codes_rota_id_household_id_pk" PRIMARY KEY("rota_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "rota_swaps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"rota_id" uuid NOT NULL,
	"from_duty_id" uuid NOT NULL,
	"to_duty_id" uuid NOT NULL,
	"state" "rota_swap_state" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"building_id" uuid NOT NULL,
	"unit_id" uuid,
	"floor_from" smallint,
	"floor_to" smallint,
	"tasks" jsonb NOT NULL,
	"weekdays" smallint[] NOT NULL,
	"per_day" smallint NOT NULL,
	"require_code" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rotas_floors_check" CHECK (("rotas"."floor_from" is null) = ("rotas"."floor_to" is null) and "rotas"."floor_to" >= "rotas"."floor_from"),
	CONSTRAINT "rotas_per_day_check" CHECK ("rotas"."per_day" between 1 and 20)
);
--> statement-breakpoint
ALTER TABLE "rota_duties" ADD CONSTRAINT "rota_duties_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_duties" ADD CONSTRAINT "rota_duties_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_duties" ADD CONSTRAINT "rota_duties_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_duties" ADD CONSTRAINT "rota_duties_photo_id_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."photos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_gap_alerts" ADD CONSTRAINT "rota_gap_alerts_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_gap_alerts" ADD CONSTRAINT "rota_gap_alerts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_household_codes" ADD CONSTRAINT "rota_household_codes_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_household_codes" ADD CONSTRAINT "rota_household_codes_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_swaps" ADD CONSTRAINT "rota_swaps_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_swaps" ADD CONSTRAINT "rota_swaps_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_swaps" ADD CONSTRAINT "rota_swaps_from_duty_id_rota_duties_id_fk" FOREIGN KEY ("from_duty_id") REFERENCES "public"."rota_duties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_swaps" ADD CONSTRAINT "rota_swaps_to_duty_id_rota_duties_id_fk" FOREIGN KEY ("to_duty_id") REFERENCES "public"."rota_duties"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotas" ADD CONSTRAINT "rotas_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotas" ADD CONSTRAINT "rotas_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotas" ADD CONSTRAINT "rotas_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rotas" ADD CONSTRAINT "rotas_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rota_duties_household_day_idx" ON "rota_duties" USING btree ("rota_id","day","household_id");--> statement-breakpoint
CREATE INDEX "rota_duties_rota_day_idx" ON "rota_duties" USING btree ("rota_id","day");--> statement-breakpoint
CREATE INDEX "rota_gap_alerts_community_idx" ON "rota_gap_alerts" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "rota_swaps_rota_idx" ON "rota_swaps" USING btree ("rota_id");--> statement-breakpoint
CREATE INDEX "rotas_community_idx" ON "rotas" USING btree ("community_id","created_at");