SELECT with_tax(10), total_price(), doubled(), doubled(4);
