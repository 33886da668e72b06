CREATE TABLE "queue_events" (
    "message_id" text NOT NULL,
    "kind" text NOT NULL,
    "amount" numeric(12,2) NOT NULL,
    "occurred_at" timestamptz NOT NULL,
    "load_run_id" bigint NOT NULL,
    PRIMARY KEY ("message_id")
);
CREATE INDEX "idx_queue_events_load_run_id" ON "queue_events" ("load_run_id");
