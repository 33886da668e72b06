-- Raw landing table: text everywhere, NULL allowed, as the source had it.
CREATE TABLE sales_data (
    id           bigserial PRIMARY KEY,
    order_id     text,
    sold_at      text,
    customer     text,
    product      text,
    region       text,
    quantity     text,
    sales_amount text,
    load_run_id  bigint
);
CREATE INDEX idx_sales_data_load_run_id ON sales_data (load_run_id);

-- Typed warehouse table.
CREATE TABLE transformed_sales_data (
    order_id       text NOT NULL PRIMARY KEY,
    sold_at        timestamptz NOT NULL,
    customer       text,
    product        text,
    region         text,
    quantity       integer NOT NULL,
    sales_amount   numeric(12,2) NOT NULL,
    sales_category text NOT NULL CHECK (sales_category IN ('Low', 'Medium', 'High')),
    load_run_id    bigint NOT NULL
);
