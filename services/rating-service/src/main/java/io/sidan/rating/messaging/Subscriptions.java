package io.sidan.rating.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.sidan.contracts.Topics;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.eventing.consumer.EventHandler;
import io.sidan.kit.eventing.Subscription;
import io.sidan.rating.application.RatingApplication;

/**
 * What the rating service listens to: completions open sheets and tell who asked (nothing before a
 * completion can be rated, so submissions are not needed here); the team registry tells who belongs to
 * which team.
 */
@ApplicationScoped
public class Subscriptions {

    private final RatingApplication ratings;

    public Subscriptions(RatingApplication ratings) {
        this.ratings = ratings;
    }

    @Produces
    @ApplicationScoped
    Subscription completions() {
        return subscription("rating-service.dispatch", Topics.DISPATCH_EVENTS, Set.of(CaseEvent.ServiceCompleted.class), (c, e) -> {
            if (e.event().orElse(null) instanceof CaseEvent.ServiceCompleted done) {
                // the completion names the requester: the one source of who may rate as the resident
                rememberRequester(c, done.requestId(), done.requesterId());
                ratings.open(c, done, e.envelope());
            }
        });
    }

    @Produces
    @ApplicationScoped
    Subscription teams() {
        return subscription("rating-service.teams", Topics.TEAM_EVENTS, Set.of(TeamEvent.class), (c, e) -> {
            if (e.event().orElse(null) instanceof TeamEvent t) {
                try (PreparedStatement del = c.prepareStatement("delete from team_member where team_id = ?")) {
                    del.setString(1, t.team().teamId());
                    del.executeUpdate();
                }
                for (TeamProfile.Member m : t.team().members()) {
                    try (PreparedStatement ins = c.prepareStatement("insert into team_member (team_id, volunteer_id, name) "
                            + "values (?, ?, ?)")) {
                        ins.setString(1, t.team().teamId());
                        ins.setString(2, m.volunteerId());
                        ins.setString(3, m.name());
                        ins.executeUpdate();
                    }
                }
            }
        });
    }

    private static void rememberRequester(Connection c, String requestId, String requesterId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("insert into known_request (request_id, requester_id) "
                + "values (?, ?) on conflict do nothing")) {
            st.setString(1, requestId);
            st.setString(2, requesterId);
            st.executeUpdate();
        }
    }

    private static Subscription subscription(String name, String topic, Set<Class<? extends SidanEvent>> types,
                                             EventHandler handler) {
        return new Subscription() {
            @Override
            public Set<Class<? extends SidanEvent>> eventTypes() {
                return types;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> topics() {
                return List.of(topic);
            }

            @Override
            public EventHandler handler() {
                return handler;
            }
        };
    }
}
