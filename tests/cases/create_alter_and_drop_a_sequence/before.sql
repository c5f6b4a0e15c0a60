CREATE SEQUENCE counters START WITH 5 CACHE 1;
SELECT nextval('counters'), nextval('counters');
