-- Where a projection rebuild fills fresh copies of the projection's tables before it swaps them in
-- (ProjectionRebuilder): readers keep the old tables until the swap. Empty between rebuilds.
create schema if not exists projection_rebuild;
