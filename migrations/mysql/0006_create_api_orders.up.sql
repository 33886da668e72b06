CREATE TABLE `api_orders` (
    `order_id` VARCHAR(255) NOT NULL,
    `status` TEXT NOT NULL,
    `placed_at` DATETIME(6) NOT NULL,
    `updated_at` DATETIME(6) NOT NULL,
    `amount` DECIMAL(12,2) NOT NULL,
    `currency` TEXT NOT NULL,
    `customer` TEXT NOT NULL,
    `items` INT NOT NULL,
    `load_run_id` BIGINT NOT NULL,
    PRIMARY KEY (`order_id`),
    INDEX `idx_api_orders_load_run_id` (`load_run_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
