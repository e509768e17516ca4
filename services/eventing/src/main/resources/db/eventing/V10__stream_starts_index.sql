-- The first event of every stream by type, in global order: how a rebuild finds the streams of its
-- projection (every request, every case, the teams) without reading the whole store. One entry per
-- stream, so appends to a stream after its first event do not touch it.
create index event_store_stream_starts_ix on event_store (type, global_position) where version = 1;
