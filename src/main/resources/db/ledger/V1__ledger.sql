-- The job ledger (docs/architecture.md#ledger): every load, job and batch this application opens, written before the
-- call that created it returns to the route. The same migration serves H2 and PostgreSQL.
create table bulk_load (
    load_id        varchar(64)   primary key,
    source_name    varchar(1024) not null,
    source_path    varchar(2048) not null,
    source_size    bigint        not null,
    source_sha256  char(64)      not null,
    object_name    varchar(255)  not null,
    operation      varchar(32)   not null,
    api            varchar(8)    not null,
    out_dir        varchar(2048) not null,
    state          varchar(32)   not null,
    error          varchar(4000),
    owner          varchar(255),
    lease_until    timestamp,
    started_at     timestamp     not null,
    finished_at    timestamp
);
create index bulk_load_fingerprint on bulk_load (source_name, source_size, source_sha256);

create table bulk_job (
    job_id     varchar(32)  primary key,
    load_id    varchar(64)  references bulk_load (load_id),
    api        varchar(8)   not null,
    piece      integer      not null,
    state      varchar(32)  not null,
    opened_at  timestamp    not null,
    updated_at timestamp    not null
);
create index bulk_job_state on bulk_job (state);

create table bulk_batch (
    load_id    varchar(64)   not null references bulk_load (load_id),
    piece      integer       not null,
    job_id     varchar(32),
    batch_id   varchar(32),
    records    integer       not null,
    first_line bigint        not null,
    spool_path varchar(2048) not null,
    state      varchar(32)   not null,
    primary key (load_id, piece)
);
