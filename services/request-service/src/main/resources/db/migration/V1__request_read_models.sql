-- Read models of the request service. All of them can be rebuilt from the event store and the
-- received events (see docs/operations.md).

-- The resident-visible view of each request (one row per request).
create table request_view (
    id                   varchar(36)  primary key,
    requester_id         varchar(200),
    requester_name       varchar(100),
    channel              varchar(20)  not null,
    filed_by             varchar(200) not null,
    category             varchar(40)  not null,
    item                 varchar(40),
    title                varchar(100) not null,
    description          varchar(2000) not null,
    grid                 varchar(40)  not null,
    address              varchar(200) not null,
    lat                  double precision,
    lon                  double precision,
    urgency              varchar(20)  not null,
    contact_phone        varchar(30)  not null,
    preferred_from       timestamptz,
    preferred_to         timestamptz,
    sla_dispatch_minutes int          not null,
    sla_accept_minutes   int          not null,
    sla_complete_minutes int          not null,
    status               varchar(20)  not null,
    round                int          not null,
    reopen_count         int          not null,
    team_id              varchar(60),
    dispatch_mode        varchar(20),
    escalation_level     int          not null default 0,
    rejection            varchar(60),
    composite_score      double precision,
    submitted_at         timestamptz  not null,
    dispatched_at        timestamptz,
    accepted_at          timestamptz,
    started_at           timestamptz,
    completed_at         timestamptz,
    rated_at             timestamptz,
    closed_at            timestamptz,
    cancelled_at         timestamptz,
    reopened_at          timestamptz,
    stream_version       bigint       not null,
    received_count       int          not null,
    updated_at           timestamptz  not null
);
create index request_view_requester_ix on request_view (requester_id, submitted_at desc);
create index request_view_submitted_ix on request_view (submitted_at desc);
create index request_view_status_ix on request_view (status, submitted_at desc);
create index request_view_category_ix on request_view (category, submitted_at desc);
create index request_view_grid_ix on request_view (grid, submitted_at desc);

-- Events of the other services about a request, kept with their hashes so the timeline is complete
-- and verifiable even when those services are down.
create table received_events (
    event_id        uuid         primary key,
    request_id      varchar(200) not null,
    source          varchar(100) not null,
    stream_id       varchar(200) not null,
    stream_version  bigint       not null,
    type            varchar(100) not null,
    schema_version  int          not null,
    payload         json         not null,
    actor_role      varchar(40)  not null,
    actor_id        varchar(200) not null,
    actor_name      varchar(200) not null,
    correlation_id  varchar(200),
    causation_id    varchar(200),
    occurred_at     timestamptz  not null,
    prev_hash       char(64),
    hash            char(64),
    received_at     timestamptz  not null default now(),
    -- another event claiming the same place in a stream would be a forgery: refuse it loudly
    constraint received_events_position_uk unique (source, stream_id, stream_version)
);
create index received_events_request_ix on received_events (request_id);

-- The service catalogue and grid registry as the admins last defined them.
create table category_view (
    code           varchar(40)  primary key,
    definition     text         not null, -- the category as JSON (names, SLA per urgency, items)
    active         boolean      not null,
    sort_order     int          not null,
    stream_version bigint       not null,
    updated_at     timestamptz  not null
);

create table grid_view (
    code           varchar(40)  primary key,
    name           varchar(100) not null,
    district       varchar(100) not null,
    leader_name    varchar(50),
    leader_phone   varchar(30),
    active         boolean      not null,
    stream_version bigint       not null,
    updated_at     timestamptz  not null
);

-- Team names from the dispatch service's team registry, to show who serves a request.
create table team_directory (
    team_id    varchar(60)  primary key,
    name       varchar(100) not null,
    updated_at timestamptz  not null
);

-- Idempotency-Key: the first answer to a key, replayed for a repeat with the same body.
create table idempotency_keys (
    caller         varchar(200) not null,
    idem_key       varchar(200) not null,
    body_hash      char(64)     not null,
    request_id     varchar(36)  not null,
    created_at     timestamptz  not null,
    constraint idempotency_keys_pk primary key (caller, idem_key)
);
