DROP TABLE "api_orders";
