-- Tamper evidence (docs/architecture.md, "Tamper evidence"). Every service's signed checkpoints as this
-- service received them over Kafka, its own included: the copies that outlive a rewrite of the signer's
-- database. Append-only, like the access log.
create table witnessed_checkpoint (
    service        varchar(100) not null,
    sequence       bigint       not null,
    position       bigint       not null,
    streams        bigint       not null,
    events         bigint       not null,
    root           char(64)     not null,
    previous       char(64)     not null,
    previous_holds boolean      not null,
    signed_at      timestamptz  not null,
    key_id         varchar(32)  not null,
    signature      text         not null,
    received_at    timestamptz  not null default now(),
    constraint witnessed_checkpoint_pk primary key (service, sequence)
);
create trigger witnessed_checkpoint_append_only before update or delete or truncate on witnessed_checkpoint
    for each statement execute function sidan_append_only();

-- What was wrong with a checkpoint received: a bad signature, a gap or restart in a service's sequence,
-- two different checkpoints of one number, a service reporting its own store changed.
create table integrity_alarm (
    id       bigint generated always as identity primary key,
    service  varchar(100) not null,
    sequence bigint       not null,
    found_at timestamptz  not null,
    problem  text         not null
);
