-- A cell's mark was unique, added with "on conflict do nothing": a writer whose cell another running
-- transaction had just marked waited for that transaction to end before it could go on. Under load every
-- write of audit_request queued behind the others of its cell (12,640 marks waited 11.5 ms each on average
-- in a minute of 100 submits/s: docs/benchmarks-profile.md). Marks are now plain rows: a writer adds one
-- unless its cell is marked already as far as it can see, and never waits. Readers take them distinct.
alter table audit_dirty drop constraint audit_dirty_pkey;
create index audit_dirty_cell_ix on audit_dirty (day, category, grid, urgency, taken);

create or replace function sidan_audit_mark_changed() returns trigger language plpgsql as $$
begin
    if new.day is not null and not exists (select 1 from audit_dirty d where d.day = new.day and d.category = new.category
            and d.grid = new.grid and d.urgency = new.urgency and not d.taken) then
        insert into audit_dirty (day, category, grid, urgency, taken) values (new.day, new.category, new.grid, new.urgency, false);
    end if;
    if tg_op = 'UPDATE' and old.day is not null
            and (old.day, old.category, old.grid, old.urgency) is distinct from (new.day, new.category, new.grid, new.urgency)
            and not exists (select 1 from audit_dirty d where d.day = old.day and d.category = old.category
                and d.grid = old.grid and d.urgency = old.urgency and not d.taken) then
        insert into audit_dirty (day, category, grid, urgency, taken) values (old.day, old.category, old.grid, old.urgency, false);
    end if;
    return null;
end
$$;
