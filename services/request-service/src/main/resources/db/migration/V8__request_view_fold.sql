-- What the request view keeps of each request between events (RequestFold, as JSON): an event another service
-- reports is folded onto it instead of recomputing the row from the whole history. Rows kept before have none
-- and are recomputed from the history at their next event, which writes it.
alter table request_view add column fold text;
