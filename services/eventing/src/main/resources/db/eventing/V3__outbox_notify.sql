-- Every transaction that adds to the outbox notifies the active relay when it commits (PostgreSQL
-- delivers NOTIFY on commit, once per transaction and channel), whichever instance made the commit.
-- Transactions that append nothing wake nobody; the relay still polls now and then as a fallback.
create function sidan_outbox_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('sidan_outbox', '');
    return null;
end
$$;
create trigger outbox_notify after insert on outbox for each statement execute function sidan_outbox_notify();
