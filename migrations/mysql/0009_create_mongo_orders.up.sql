CREATE TABLE `mongo_orders` (
    `order_id` VARCHAR(24) NOT NULL,
    `customer` TEXT NOT NULL,
    `city` TEXT,
    `amount` DECIMAL(12,2) NOT NULL,
    `placed_at` DATETIME(6) NOT NULL,
    `qty` BIGINT,
    `extra` TEXT,
    `load_run_id` BIGINT NOT NULL,
    PRIMARY KEY (`order_id`),
    INDEX `idx_mongo_orders_load_run_id` (`load_run_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
