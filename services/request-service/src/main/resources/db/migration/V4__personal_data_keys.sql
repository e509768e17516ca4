-- Erasure with an immutable store (docs/architecture.md, "Personal data and erasure"): a request's
-- personal fields are sealed in its events with a data key of its own, kept here wrapped by the master
-- key. Deleting the row erases the fields everywhere a sealed copy went. Never rebuilt: not a read model.
create table data_key (
    key_id      varchar(36)  primary key,   -- the request id
    subject     varchar(200),               -- the resident's account id; null for a caller without one
    wrapped     varchar(200) not null,      -- base64(nonce | AES-GCM(master key, data key) | tag)
    created_at  timestamptz  not null
);
create index data_key_subject_ix on data_key (subject);

-- Sealed values are longer than the text they hide.
alter table request_view alter column requester_name type text;
alter table request_view alter column description type text;
alter table request_view alter column address type text;
alter table request_view alter column contact_phone type text;
alter table request_view add column ended_at timestamptz;
alter table request_view add column personal_data_erased boolean not null default false;
-- The retention job looks for ended requests whose data is still there.
create index request_view_retention_ix on request_view (ended_at) where not personal_data_erased;-- Rows from before are filled by the rebuild that the request view's new version (2) asks for on start.

-- Erasure requests (a read model of the erasure streams).
create table erasure_view (
    erasure_id        varchar(60)  primary key,
    resident_id       varchar(200),
    request_id        varchar(36),
    reason            varchar(500) not null,
    status            varchar(20)  not null,   -- PENDING, APPROVED, REJECTED
    requested_by      varchar(200) not null,
    requested_by_role varchar(20)  not null,
    requested_at      timestamptz  not null,
    decided_by        varchar(200),
    decided_at        timestamptz,
    decision_reason   varchar(500),
    erased_requests   text,                    -- the request ids an approval erased, comma-separated
    stream_version    bigint       not null
);
create index erasure_view_status_ix on erasure_view (status, requested_at);
create index erasure_view_resident_ix on erasure_view (resident_id, requested_at desc);
