-- The access log (PIPL): every read of a resident's unmasked contact by someone other than the resident.
-- Append-only and hash-chained: each entry's hash covers the one before (AccessLog in services/eventing),
-- so editing, removing or reordering an entry breaks every link after it.
create table personal_data_access (
    seq        bigint primary key,
    at         timestamptz not null,
    actor_role text not null,
    actor_id   text not null,
    actor_name text not null,
    request_id text not null,
    fields     text not null,
    purpose    text not null,
    prev_hash  char(64) not null,
    hash       char(64) not null
);
create index personal_data_access_request on personal_data_access (request_id, seq);
create index personal_data_access_actor on personal_data_access (actor_id, seq);
create index personal_data_access_at on personal_data_access (at);

create function sidan_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name;
end
$$;
create trigger personal_data_access_append_only before update or delete or truncate on personal_data_access
    for each statement execute function sidan_append_only();
