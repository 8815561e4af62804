-- Detach the backup file once written, so that it is closed before it is renamed into place.
-- grain: no rows. parameters: none bindable; {alias} is the name kaohe.backup attached it under.
detach {alias}
