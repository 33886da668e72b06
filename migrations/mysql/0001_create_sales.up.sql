-- Raw landing table: text everywhere, NULL allowed, as the source had it.
CREATE TABLE sales_data (
    id           BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id     TEXT,
    sold_at      TEXT,
    customer     TEXT,
    product      TEXT,
    region       TEXT,
    quantity     TEXT,
    sales_amount TEXT,
    load_run_id  BIGINT,
    INDEX idx_sales_data_load_run_id (load_run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Typed warehouse table. MySQL cannot key an unbounded TEXT column: the
-- key is VARCHAR(255). Times are UTC (every loader session is '+00:00').
CREATE TABLE transformed_sales_data (
    order_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    sold_at        DATETIME(6) NOT NULL,
    customer       TEXT,
    product        TEXT,
    region         TEXT,
    quantity       INT NOT NULL,
    sales_amount   DECIMAL(12,2) NOT NULL,
    sales_category TEXT NOT NULL,
    load_run_id    BIGINT NOT NULL,
    CONSTRAINT chk_transformed_sales_data_sales_category CHECK (sales_category IN ('Low', 'Medium', 'High'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
