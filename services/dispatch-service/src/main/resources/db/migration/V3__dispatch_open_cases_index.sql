-- The cases no team has accepted yet, by urgency and escalation: the waiting-cases gauge (CaseMetrics)
-- counts them every 15 s without reading the whole case_view, which grows with every case ever opened.
create index case_view_open_ix on case_view (urgency, escalation_level) where phase in ('WAITING', 'OFFERED', 'ASSIGNED');
