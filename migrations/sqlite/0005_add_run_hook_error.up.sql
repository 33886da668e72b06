-- What the run's after-run hooks (on_success, on_failure) reported when
-- one failed: each failure prefixed by the hook's name, joined by "; ".
-- NULL when every hook succeeded or none ran; the run's status is never
-- changed by a hook.
ALTER TABLE load_runs ADD COLUMN hook_error text;
