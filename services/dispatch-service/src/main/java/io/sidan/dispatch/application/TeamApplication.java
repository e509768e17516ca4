package io.sidan.dispatch.application;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.runtime.StartupEvent;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventJson;
import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.dispatch.config.DispatchConfig;
import io.sidan.dispatch.domain.TeamCommand;
import io.sidan.dispatch.domain.TeamDecider;
import io.sidan.dispatch.projection.TeamProjection;
import io.sidan.dispatch.projection.TeamView;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.domain.Rejection;
import io.sidan.eventing.command.CommandHandler;
import io.sidan.eventing.store.ConcurrencyConflict;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.Transactions;
import org.jboss.logging.Logger;

/** Command handling for the team registry, and the demo teams on first start. */
@ApplicationScoped
public class TeamApplication {

    private static final Logger LOG = Logger.getLogger(TeamApplication.class);

    private final Transactions tx;
    private final EventStore store;
    private final CommandHandler<Boolean, TeamCommand, TeamEvent> teams;
    private final TeamProjection projection;
    private final DispatchConfig config;

    public TeamApplication(Transactions tx, EventStore store, TeamProjection projection, DispatchConfig config) {
        this.tx = tx;
        this.store = store;
        this.teams = new CommandHandler<>(store, TeamDecider.DECIDER);
        this.projection = projection;
        this.config = config;
    }

    /**
     * Registers or updates a team at the version the caller read, if it says one; returns the stream's new
     * version. Updating a team that was never registered is "not found".
     */
    public long execute(TeamCommand command, EventMetadata metadata, OptionalLong expectedVersion) {
        String teamId = switch (command) {
            case TeamCommand.Register c -> c.team().teamId();
            case TeamCommand.Update c -> c.team().teamId();
        };
        return tx.inTransaction(c -> {
            CommandHandler.Outcome<Boolean, TeamEvent> outcome = teams.handle(c, teamId, exists -> {
                if (!exists && command instanceof TeamCommand.Update) {
                    throw new NotFound("There is no team " + teamId + ".");
                }
                return command;
            }, metadata, expectedVersion);
            for (CommandHandler.Appended<TeamEvent> a : outcome.appended()) {
                projection.apply(a.event(), a.envelope().streamVersion());
            }
            return outcome.version();
        });
    }

    void seed(@Observes @Priority(20) StartupEvent event) {
        if (!config.seedDemoTeams() || tx.inTransaction(c -> TeamView.count()) > 0) {
            return;
        }
        List<TeamProfile> teams;
        try (InputStream in = TeamApplication.class.getClassLoader().getResourceAsStream("seed/demo-teams.json")) {
            teams = EventJson.mapper().readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read seed/demo-teams.json", e);
        }
        EventMetadata seeder = EventMetadata.by(Actor.system(store.source()));
        for (TeamProfile team : teams) {
            try {
                execute(new TeamCommand.Register(team), seeder, OptionalLong.empty());
            } catch (Rejection | ConcurrencyConflict e) {
                // another instance registered it first
            }
        }
        LOG.infof("registered %d demo teams", teams.size());
    }
}
