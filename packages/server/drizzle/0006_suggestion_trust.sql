CREATE TABLE "suggestion_trusted_phones" (
	"community_id" uuid NOT NULL,
	"phone_digits" text NOT NULL,
	"trusted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suggestion_trusted_phones_community_id_phone_digits_pk" PRIMARY KEY("community_id","phone_digits")
);
--> statement-breakpoint
ALTER TABLE "suggestion_trusted_phones" ADD CONSTRAINT "suggestion_trusted_phones_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_trusted_phones" ADD CONSTRAINT "suggestion_trusted_phones_trusted_by_staff_users_id_fk" FOREIGN KEY ("trusted_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;