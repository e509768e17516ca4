-- Read models of the rating service; all rebuildable from its event store (and the request/team topics).

-- One row per sheet round of a request.
create table sheet_view (
    request_id          varchar(36)  not null,
    round               int          not null,
    team_id             varchar(60)  not null,
    requester_id        varchar(200),
    category            varchar(40)  not null,
    grid                varchar(40)  not null,
    status              varchar(10)  not null, -- OPEN or FINAL
    expected            varchar(100) not null, -- expected parties, comma-separated
    window_ends_at      timestamptz  not null,
    opened_at           timestamptz  not null,
    finalized_at        timestamptz,
    composite           double precision,
    finalization_reason varchar(20),
    no_response         varchar(100),
    constraint sheet_view_pk primary key (request_id, round)
);
create index sheet_view_window_ix on sheet_view (window_ends_at) where status = 'OPEN';

create table rating_entry (
    request_id  varchar(36)   not null,
    round       int           not null,
    party       varchar(20)   not null,
    rater_id    varchar(200)  not null,
    rater_name  varchar(200)  not null,
    overall     int           not null,
    timeliness  int           not null,
    attitude    int           not null,
    quality     int           not null,
    comment     varchar(1000),
    rated_at    timestamptz   not null,
    constraint rating_entry_pk primary key (request_id, round, party)
);

-- Bad ratings (overall 1 or 2) and their follow-up (回访).
create table flag_view (
    request_id       varchar(36)   not null,
    round            int           not null,
    party            varchar(20)   not null,
    team_id          varchar(60)   not null,
    overall          int           not null,
    comment          varchar(1000),
    flagged_at       timestamptz   not null,
    followed_up_at   timestamptz,
    follow_up_note   varchar(1000),
    reopen_requested boolean,
    constraint flag_view_pk primary key (request_id, round, party)
);
create index flag_view_open_ix on flag_view (flagged_at) where followed_up_at is null;

-- The volunteers' time bank: one entry per points.awarded event.
create table points_ledger (
    event_id       uuid          primary key,
    volunteer_id   varchar(60)   not null,
    volunteer_name varchar(50)   not null,
    request_id     varchar(36)   not null,
    round          int           not null,
    hours          double precision not null,
    points         int           not null,
    rule           varchar(200)  not null,
    awarded_at     timestamptz   not null
);
create index points_ledger_volunteer_ix on points_ledger (volunteer_id, awarded_at desc);

-- Composite of each finalized, rated sheet: what team reputation is computed from.
create table team_sheet_score (
    team_id      varchar(60)      not null,
    request_id   varchar(36)      not null,
    round        int              not null,
    composite    double precision not null,
    finalized_at timestamptz      not null,
    constraint team_sheet_score_pk primary key (request_id, round)
);
create index team_sheet_score_team_ix on team_sheet_score (team_id, finalized_at desc);

create table reputation_view (
    team_id      varchar(60)      primary key,
    score        double precision not null,
    sample_size  int              not null,
    window_size  int              not null,
    updated_at   timestamptz      not null
);

-- Requests known from the request service, to tell "not completed yet" from "no such request".
create table known_request (
    request_id   varchar(36)  primary key,
    requester_id varchar(200)
);

-- Team members from the team registry, to let a team see its members' points.
create table team_member (
    team_id      varchar(60)  not null,
    volunteer_id varchar(60)  not null,
    name         varchar(50)  not null,
    constraint team_member_pk primary key (team_id, volunteer_id)
);
