DROP INDEX outbox_jobs_failed;
DROP INDEX outbox_jobs_waiting_created;
