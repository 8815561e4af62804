-- How many units the database knows; 0 means nothing has been imported yet (the app then builds the demo).
-- grain: exactly one row. parameters: none.
select count(*) as units from units
