-- Where each event was recorded in a distributed trace (W3C Trace Context), sent with it as the
-- CloudEvents distributed-tracing extension. Operational data beside the event: the hash chain does
-- not cover it, and it is null for events recorded while tracing was off.
alter table event_store add column traceparent varchar(55), add column tracestate varchar(512);
