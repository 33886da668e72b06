DROP TABLE "mongo_orders";
