-- Record streams (docs/architecture.md#record-streams): a load fed one message at a time. Its batches are bulk_batch rows as a file load's
-- are; this row says where the stream's journals are (work_dir: one JSON line per record, with the message's key),
-- whether the stream is still taking records (OPEN, ENDING once its completion signal is in, ENDED), and what
-- a restarted service needs to take the stream up again (the trigger's parameters).
create table bulk_stream (
    load_id         varchar(64)   primary key references bulk_load (load_id),
    source          varchar(1024) not null,
    work_dir        varchar(2048) not null,
    external_id     varchar(255),
    batch_size      integer       not null,
    idle_timeout_ms bigint        not null,
    job_max_batches integer       not null,
    state           varchar(16)   not null,
    ended_by        varchar(64),
    started_at      timestamp     not null,
    ended_at        timestamp
);
