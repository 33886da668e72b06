CREATE TABLE `queue_events` (
    `message_id` VARCHAR(255) NOT NULL,
    `kind` TEXT NOT NULL,
    `amount` DECIMAL(12,2) NOT NULL,
    `occurred_at` DATETIME(6) NOT NULL,
    `load_run_id` BIGINT NOT NULL,
    PRIMARY KEY (`message_id`),
    INDEX `idx_queue_events_load_run_id` (`load_run_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
