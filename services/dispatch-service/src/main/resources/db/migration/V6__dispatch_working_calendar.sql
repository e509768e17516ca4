-- The working-day calendar (from the request service's calendar.* events), folded: what working-time SLA
-- deadlines count with. One row.
create table working_calendar (
    id       int    primary key check (id = 1),
    state    text   not null,   -- {"hours": [...], "days": [...]}, CalendarState as JSON
    version  bigint not null    -- the calendar stream's version it includes
);
