-- How a request's SLA minutes count (WORKING: working time by the calendar; null: around the clock).
-- Rows from before are filled by the rebuild the request view's version 3 asks for on start.
alter table request_view add column sla_clock varchar(10);
