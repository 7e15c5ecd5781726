CREATE TABLE "proof_of_work_spent" (
	"site_id" uuid NOT NULL,
	"challenge_signature" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proof_of_work_spent_site_id_challenge_signature_pk" PRIMARY KEY("site_id","challenge_signature")
);
--> statement-breakpoint
ALTER TABLE "proof_of_work_spent" ADD CONSTRAINT "proof_of_work_spent_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proof_of_work_spent_expires_idx" ON "proof_of_work_spent" USING btree ("expires_at");