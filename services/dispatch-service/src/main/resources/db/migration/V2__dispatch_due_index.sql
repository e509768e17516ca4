-- The deadline clock looks for waiting cases past their dispatch SLA every few seconds; without this
-- index that half of its query read the whole case_view, which grows with every case ever opened.
create index case_view_dispatch_due_ix on case_view (dispatch_due_at) where phase = 'WAITING' and escalation_level = 0;
