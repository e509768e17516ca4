-- The stream heads the newest checkpoint signed, kept by the checkpointer alone so that the next checkpoint
-- reads only the events recorded since, not every head of the store (docs/architecture.md, "Tamper evidence").
-- The tree's order is the UTF-8 byte order of stream ids: the key's collation gives it without a sort.
create table checkpoint_head (
    stream_id varchar(200) collate "C" not null,
    version   bigint   not null,
    hash      char(64) not null,
    constraint checkpoint_head_pk primary key (stream_id)
);

-- Which checkpoint checkpoint_head holds the heads of, and when the store itself last gave a signed root:
-- one row, absent until the first checkpoint.
create table checkpoint_heads_of (
    only_row         boolean     not null default true,
    sequence         bigint      not null,
    store_checked_at timestamptz not null,
    constraint checkpoint_heads_of_pk primary key (only_row),
    constraint checkpoint_heads_of_only_row_ck check (only_row)
);
