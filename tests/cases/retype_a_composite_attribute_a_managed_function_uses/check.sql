SELECT first_of(ROW(5000000000, 'x')::pair);
