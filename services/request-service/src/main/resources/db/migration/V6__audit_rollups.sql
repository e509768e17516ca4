-- Audit roll-ups (docs/audit.md, "How reports are computed"): the figures of each day and of each month,
-- so reports merge a few hundred tallies instead of reading a million requests. A tally (AuditTally) holds
-- exact counts and a latency sketch per clock.

-- The request's day in the centre's zone (sidan.centre.zone); filled for existing rows on start.
alter table audit_request add column day date;
create index audit_request_cell_ix on audit_request (day, category, grid, urgency);
-- The clocks still running, by due time: reports count those past due at the time they are asked.
create index audit_request_dispatch_running_ix on audit_request (dispatch_due_at) where dispatch_verdict is null;
create index audit_request_accept_running_ix on audit_request (accept_due_at) where accept_verdict is null;
create index audit_request_complete_running_ix on audit_request (complete_due_at) where complete_verdict is null;

-- Each day's figures at five levels (AuditQueries.Level): 0 per category × grid × urgency × team (the cells'
-- rows), 1 the day's total, 2 per category, 3 per grid, 4 per team; the dimensions a level does not keep are ''.
-- A report reads the smallest level that has the dimensions it filters and groups by.
create table audit_day (
    level     smallint    not null,
    day       date        not null,
    category  varchar(40) not null,
    grid      varchar(40) not null,
    urgency   varchar(20) not null,
    team_id   varchar(60) not null, -- '' for requests no team took
    requests  int         not null,
    tally     bytea       not null,
    primary key (level, day, category, grid, urgency, team_id)
);

create table audit_month (
    level     smallint    not null,
    month     date        not null, -- its first day
    category  varchar(40) not null,
    grid      varchar(40) not null,
    urgency   varchar(20) not null,
    team_id   varchar(60) not null,
    requests  int         not null,
    tally     bytea       not null,
    primary key (level, month, category, grid, urgency, team_id)
);

-- Cells (a day × category × grid × urgency) whose requests changed since their roll-ups were written.
-- Reports read such cells from audit_request; the roll-up job (AuditRollUps) takes the marks, waits for
-- the transactions that could have written under them, recomputes the cells and deletes the taken marks.
create table audit_dirty (
    day       date        not null,
    category  varchar(40) not null,
    grid      varchar(40) not null,
    urgency   varchar(20) not null,
    taken     boolean     not null,
    primary key (day, category, grid, urgency, taken)
);

-- The zone the days were counted in: when sidan.centre.zone changes, the days and roll-ups are redone.
create table audit_rollup_zone (
    zone varchar(60) not null
);

create function sidan_audit_mark_changed() returns trigger language plpgsql as $$
begin
    if new.day is not null then
        insert into audit_dirty (day, category, grid, urgency, taken)
        values (new.day, new.category, new.grid, new.urgency, false) on conflict do nothing;
    end if;
    if tg_op = 'UPDATE' and old.day is not null
            and (old.day, old.category, old.grid, old.urgency) is distinct from (new.day, new.category, new.grid, new.urgency) then
        insert into audit_dirty (day, category, grid, urgency, taken)
        values (old.day, old.category, old.grid, old.urgency, false) on conflict do nothing;
    end if;
    return null;
end
$$;
create trigger audit_request_changed after insert or update on audit_request
    for each row execute function sidan_audit_mark_changed();
