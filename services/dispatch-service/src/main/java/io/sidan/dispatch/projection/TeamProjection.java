package io.sidan.dispatch.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.eventing.replay.Projection;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;

/** Keeps {@link TeamView} as the team events define it. */
@ApplicationScoped
public class TeamProjection implements Projection {

    private final EventStore store;
    private final Clock clock;

    public TeamProjection(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void apply(TeamEvent event, long version) {
        TeamProfile t = event.team();
        TeamView v = TeamView.findById(t.teamId());
        boolean isNew = v == null;
        if (isNew) {
            v = new TeamView();
            v.teamId = t.teamId();
        }
        v.name = t.name();
        v.categories = String.join(",", t.categories());
        v.grids = String.join(",", t.grids());
        v.capacity = t.capacity();
        try {
            v.members = EventJson.mapper().writeValueAsString(t.members());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        v.active = t.active();
        v.streamVersion = version;
        v.updatedAt = clock.instant();
        if (isNew) {
            v.persist();
        }
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public List<String> tables() {
        return List.of("team_view");
    }

    /** Only the teams' streams, in global order. */
    @Override
    public long replay(Connection c, EventStore events) throws SQLException {
        return events.forEachInStreamsBegunBy(c, List.of("team.registered"), event -> apply(c, event));
    }

    @Override
    public void apply(Connection c, StoredEvent event) {
        if (store.catalogue().decode(event.envelope()).orElse(null) instanceof TeamEvent e) {
            apply(e, event.envelope().streamVersion());
            TeamView.getEntityManager().flush();
        }
    }
}
