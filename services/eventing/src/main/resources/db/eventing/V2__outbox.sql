-- The outbox becomes its own table: the positions of events the broker has not acknowledged yet.
-- An append inserts here in the same transaction; the relay deletes what was acknowledged. The event
-- store itself is now never updated (marking a published_at on each row rewrote the whole row and all
-- four of its indexes, and left the relay scanning dead index entries: the benchmark found the relay
-- spending nearly all of its time there).
create table outbox (
    global_position bigint not null,
    constraint outbox_pk primary key (global_position)
);
insert into outbox (global_position) select global_position from event_store where published_at is null;
drop index event_store_unpublished_ix;
alter table event_store drop column published_at;
-- a small, busy queue table: vacuum it after a few thousand deletes rather than after 20 % of it
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
