-- Which version of each projection's rules filled its tables. A projection whose version here is not its
-- own (added or changed in a new release, or an installation from before this table) is rebuilt from the
-- store when the service starts, so an upgraded installation never shows an empty or stale read model.
create table projection_version (
    name       varchar(100) primary key,
    version    int          not null,
    rebuilt_at timestamptz  not null default now()
);
