-- The event store: every stream of this service, append-only. The rows are also the outbox:
-- published_at stays null until the broker has acknowledged the event.
create table event_store (
    global_position bigint generated always as identity,
    stream_id       varchar(200) not null,
    version         bigint       not null,
    event_id        uuid         not null,
    topic           varchar(200) not null,
    type            varchar(100) not null,
    schema_version  int          not null,
    payload         json         not null, -- json, not jsonb: the exact text that was hashed
    actor_role      varchar(40)  not null,
    actor_id        varchar(200) not null,
    actor_name      varchar(200) not null,
    correlation_id  varchar(200),
    causation_id    varchar(200),
    occurred_at     timestamptz  not null,
    prev_hash       char(64)     not null,
    hash            char(64)     not null,
    published_at    timestamptz,
    constraint event_store_pk primary key (stream_id, version),
    constraint event_store_event_id_uk unique (event_id),
    constraint event_store_position_uk unique (global_position),
    constraint event_store_version_ck check (version >= 1)
);

-- The relay scans only what is not yet published.
create index event_store_unpublished_ix on event_store (global_position) where published_at is null;

-- Idempotent consumers: a row per (consumer, event) handled, written in the handler's transaction.
create table processed_messages (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    constraint processed_messages_pk primary key (consumer, event_id)
);

-- Records a consumer gave up on after its retries; the record itself is on <topic>.dlq.
create table dead_letters (
    consumer         varchar(100) not null,
    topic            varchar(200) not null,
    kafka_partition  int          not null,
    kafka_offset     bigint       not null,
    event_id         varchar(200),
    event_type       varchar(100),
    error            text         not null,
    dead_lettered_at timestamptz  not null default now(),
    constraint dead_letters_pk primary key (consumer, topic, kafka_partition, kafka_offset)
);
