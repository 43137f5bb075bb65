-- What a load needs to be resumed after a crash (docs/architecture.md#ledger): its parameters, so the input is cut
-- into the same batches again, and how many records it holds.
alter table bulk_load add column display_name    varchar(2048);
alter table bulk_load add column external_id     varchar(255);
alter table bulk_load add column batch_size      integer;
alter table bulk_load add column batch_max_bytes bigint;
alter table bulk_load add column serial_mode     boolean;
alter table bulk_load add column job_max_bytes   bigint;
alter table bulk_load add column records         bigint;
create index bulk_load_state on bulk_load (state);
