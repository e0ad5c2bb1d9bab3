ALTER TABLE "tool_runs" ADD COLUMN "content_hash" text;--> statement-breakpoint
CREATE INDEX "tool_runs_tool_content_hash_idx" ON "tool_runs" USING btree ("tool_id","content_hash");