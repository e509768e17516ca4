-- Read models of the dispatch service; all rebuildable from the event store and the request topic.

-- One row per case: the queue, the dispatcher's case list and the teams' task lists read it.
create table case_view (
    request_id           varchar(36)  primary key,
    requester_id         varchar(200),
    category             varchar(40)  not null,
    grid                 varchar(40)  not null,
    urgency              varchar(20)  not null,
    urgency_rank         int          not null,
    title                varchar(100) not null,
    submitted_at         timestamptz  not null,
    sla_dispatch_minutes int          not null,
    sla_accept_minutes   int          not null,
    sla_complete_minutes int          not null,
    phase                varchar(20)  not null,
    attempt              int          not null,
    team_id              varchar(60),
    mode                 varchar(20),
    offered_to           varchar(2000) not null default '',
    excluded_teams       varchar(2000) not null default '',
    involved_teams       varchar(4000) not null default '', -- every team ever offered or assigned the case
    accept_by            timestamptz,
    escalation_level     int          not null,
    reopen_count         int          not null,
    queued_at            timestamptz  not null,
    dispatch_due_at      timestamptz,
    dispatched_at        timestamptz,
    accepted_at          timestamptz,
    started_at           timestamptz,
    completed_at         timestamptz,
    stream_version       bigint       not null,
    updated_at           timestamptz  not null
);
create index case_view_queue_ix on case_view (phase, urgency_rank desc, dispatch_due_at, queued_at);
create index case_view_team_ix on case_view (team_id, phase);
create index case_view_deadline_ix on case_view (accept_by) where phase in ('ASSIGNED', 'OFFERED');

-- What residents wrote, from request.submitted: shown to dispatchers, and to a team once it accepted.
create table request_details (
    request_id      varchar(36)   primary key,
    requester_name  varchar(100),
    contact_phone   varchar(30)   not null,
    address         varchar(200)  not null,
    lat             double precision,
    lon             double precision,
    description     varchar(2000) not null,
    item            varchar(40),
    channel         varchar(20)   not null,
    preferred_from  timestamptz,
    preferred_to    timestamptz
);

-- The team registry as last defined.
create table team_view (
    team_id        varchar(60)  primary key,
    name           varchar(100) not null,
    categories     varchar(1000) not null,
    grids          varchar(2000) not null,
    capacity       int          not null,
    members        text         not null, -- JSON array of {volunteerId, name}
    active         boolean      not null,
    stream_version bigint       not null,
    updated_at     timestamptz  not null
);

-- Team reputation from the rating service.
create table team_reputation (
    team_id     varchar(60)      primary key,
    score       double precision not null,
    sample_size int              not null,
    updated_at  timestamptz      not null
);

-- Declines, for the "recent declines" part of the ranking.
create table team_decline (
    team_id     varchar(60) not null,
    request_id  varchar(36) not null,
    declined_at timestamptz not null,
    constraint team_decline_pk primary key (team_id, request_id, declined_at)
);

-- Catalogue categories known from the request service, to check the skills of teams.
create table category_ref (
    code       varchar(40)  primary key,
    name_zh    varchar(50)  not null,
    active     boolean      not null
);
