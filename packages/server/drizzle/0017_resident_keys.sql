ALTER TABLE "repair_requests" ADD COLUMN "resident_key_hash" text;--> statement-breakpoint
ALTER TABLE "repair_requests" ADD COLUMN "service_request_id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "resident_key_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "repair_requests_service_request_id_idx" ON "repair_requests" USING btree ("service_request_id");