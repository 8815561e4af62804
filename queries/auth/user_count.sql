-- How many accounts exist (disabled ones included): none means the app runs in demo mode as the local user.
-- grain: one row. parameters: none.
select count(*) as users from users
