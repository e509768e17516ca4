-- The completion SLA (办结时限) of each case's current round, which the deadline clock escalates to admins
-- when it passes (督办, once per round). Cases opened before this version get it from their row: from
-- submission (the preferred window was not kept here) or, once reopened, from when they last entered
-- the queue; a rebuild of the case view gives them the exact time from their events.
alter table case_view add column complete_due_at timestamptz,
    add column completion_overdue boolean not null default false;
update case_view set complete_due_at = case when reopen_count = 0 then submitted_at else queued_at end
    + sla_complete_minutes * interval '1 minute';
create index case_view_complete_due_ix on case_view (complete_due_at)
    where not completion_overdue and phase in ('WAITING', 'ASSIGNED', 'OFFERED', 'ACCEPTED', 'IN_SERVICE');
