-- A renamed leader keeps their accounts: leader users naming the old name follow to the new one.
-- grain: the users rows of that leader. parameters: $old (varchar), $new (varchar).
update users set leader = $new where leader = $old
