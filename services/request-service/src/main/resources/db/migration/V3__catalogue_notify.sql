-- Every instance keeps the catalogue and the grids in memory (they are read on every submit) and drops
-- its copy when they change: these triggers notify the channel on commit, whichever instance committed.
create function sidan_catalogue_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('sidan_catalogue', '');
    return null;
end
$$;
create trigger category_view_notify after insert or update or delete on category_view
    for each statement execute function sidan_catalogue_notify();
create trigger grid_view_notify after insert or update or delete on grid_view
    for each statement execute function sidan_catalogue_notify();
