CREATE TABLE "api_orders" (
    "order_id" text NOT NULL,
    "status" text NOT NULL,
    "placed_at" datetime NOT NULL,
    "updated_at" datetime NOT NULL,
    "amount" numeric(12,2) NOT NULL,
    "currency" text NOT NULL,
    "customer" text NOT NULL,
    "items" integer NOT NULL,
    "load_run_id" integer NOT NULL,
    PRIMARY KEY ("order_id")
);
CREATE INDEX "idx_api_orders_load_run_id" ON "api_orders" ("load_run_id");
