CREATE TABLE "suggestion_trusted_devices" (
	"community_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"trusted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_trusted_devices_community_id_device_hash_pk" PRIMARY KEY("community_id","device_hash")
);
--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "author_device_hash" text;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "review_reason" text;--> statement-breakpoint
ALTER TABLE "suggestion_trusted_devices" ADD CONSTRAINT "suggestion_trusted_devices_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_trusted_devices" ADD CONSTRAINT "suggestion_trusted_devices_trusted_by_staff_users_id_fk" FOREIGN KEY ("trusted_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;