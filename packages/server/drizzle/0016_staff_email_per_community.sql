ALTER TABLE "staff_users" DROP CONSTRAINT "staff_users_email_unique";--> statement-breakpoint
DROP INDEX "staff_users_community_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "staff_users_community_email_idx" ON "staff_users" USING btree ("community_id","email");--> statement-breakpoint
CREATE INDEX "staff_users_email_idx" ON "staff_users" USING btree ("email");