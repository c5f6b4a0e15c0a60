-- attached again: the parent reads every row
SELECT count(*) FROM orders;
