-- Create an account.
-- grain: inserts one row. parameters: $user_name, $display_name, $role, $unit_id, $leader, $password_hash, $now.
insert into users (user_name, display_name, role, unit_id, leader, password_hash, created_at, changed_at)
values ($user_name, $display_name, $role, $unit_id, $leader, $password_hash, $now, $now)
