-- Residents' contacts arrive sealed with their request's data key (docs/architecture.md, "Personal data and
-- erasure"): sealed values are longer than the text, and an erasure empties what was kept before sealing.
alter table request_details alter column requester_name type text;
alter table request_details alter column contact_phone type text;
alter table request_details alter column contact_phone drop not null;
alter table request_details alter column address type text;
alter table request_details alter column address drop not null;
alter table request_details alter column description type text;
alter table request_details alter column description drop not null;
alter table request_details add column personal_data_erased boolean not null default false;
