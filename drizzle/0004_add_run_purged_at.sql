ALTER TABLE "tool_runs" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tool_runs_input_manifest_idx" ON "tool_runs" USING gin ("input_manifest" jsonb_path_ops);