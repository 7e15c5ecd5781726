CREATE TYPE "public"."submission_source" AS ENUM('widget', 'open311', 'wechat-group', 'phone', 'visit', 'paper', 'hotline-12345');--> statement-breakpoint
ALTER TABLE "repair_requests" ALTER COLUMN "source" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "repair_requests" ALTER COLUMN "source" SET DATA TYPE "public"."submission_source" USING "source"::"public"."submission_source";--> statement-breakpoint
ALTER TABLE "repair_requests" ALTER COLUMN "source" SET DEFAULT 'widget'::"public"."submission_source";--> statement-breakpoint
ALTER TABLE "repair_requests" ADD COLUMN "contact_consent" boolean;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD COLUMN "contact_note" text;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "source" "submission_source" DEFAULT 'widget' NOT NULL;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "contact_consent" boolean;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "contact_note" text;