CREATE TABLE "retention_settings" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"contact_days" integer NOT NULL,
	"photo_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_settings_contact_days_check" CHECK ("retention_settings"."contact_days" between 0 and 3650),
	CONSTRAINT "retention_settings_photo_days_check" CHECK ("retention_settings"."photo_days" between 0 and 3650)
);
--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;