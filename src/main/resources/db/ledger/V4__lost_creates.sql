-- When a create call of the load (createJob in 1.0, a job create in 2.0) first lost its answer: that call may
-- have opened a job nobody knows the id of. Kept so that a resume after a crash, or after a failure whose sweep
-- for such jobs could not get through, still finds and aborts them (docs/architecture.md#lost-answers).
alter table bulk_load add column lost_create_since timestamp;
