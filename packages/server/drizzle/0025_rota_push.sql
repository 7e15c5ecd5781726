CREATE TABLE "rota_push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"rota_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"lang" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rota_reminders" (
	"rota_id" uuid NOT NULL,
	"day" text NOT NULL,
	"household_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "rota_reminders_rota_id_day_household_id_pk" PRIMARY KEY("rota_id","day","household_id")
);
--> statement-breakpoint
CREATE TABLE "vapid_keys" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vapid_keys_one_row_check" CHECK ("vapid_keys"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "rota_push_subscriptions" ADD CONSTRAINT "rota_push_subscriptions_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_push_subscriptions" ADD CONSTRAINT "rota_push_subscriptions_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_push_subscriptions" ADD CONSTRAINT "rota_push_subscriptions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_reminders" ADD CONSTRAINT "rota_reminders_rota_id_rotas_id_fk" FOREIGN KEY ("rota_id") REFERENCES "public"."rotas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_reminders" ADD CONSTRAINT "rota_reminders_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rota_reminders" ADD CONSTRAINT "rota_reminders_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rota_push_subscriptions_device_idx" ON "rota_push_subscriptions" USING btree ("rota_id","device_hash");--> statement-breakpoint
CREATE INDEX "rota_push_subscriptions_community_idx" ON "rota_push_subscriptions" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "rota_reminders_community_idx" ON "rota_reminders" USING btree ("community_id");