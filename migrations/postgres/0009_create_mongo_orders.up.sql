CREATE TABLE "mongo_orders" (
    "order_id" varchar(24) NOT NULL,
    "customer" text NOT NULL,
    "city" text,
    "amount" numeric(12,2) NOT NULL,
    "placed_at" timestamptz NOT NULL,
    "qty" bigint,
    "extra" text,
    "load_run_id" bigint NOT NULL,
    PRIMARY KEY ("order_id")
);
CREATE INDEX "idx_mongo_orders_load_run_id" ON "mongo_orders" ("load_run_id");
