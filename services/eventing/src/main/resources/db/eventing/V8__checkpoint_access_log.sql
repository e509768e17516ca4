-- Checkpoints also sign the head of the service's access log of personal data (its last entry's number
-- and hash), so cutting entries off the end of that log shows as well.
alter table witnessed_checkpoint add column access_log_seq bigint, add column access_log_hash char(64);
