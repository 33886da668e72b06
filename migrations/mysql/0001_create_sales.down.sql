DROP TABLE transformed_sales_data;
DROP TABLE sales_data;
