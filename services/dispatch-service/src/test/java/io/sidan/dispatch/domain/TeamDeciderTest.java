package io.sidan.dispatch.domain;

import java.util.List;

import io.sidan.contracts.events.TeamEvent;
import io.sidan.contracts.events.TeamProfile;
import io.sidan.testing.DeciderSpec;
import org.junit.jupiter.api.Test;

/** The team registry's rules (TeamDecider): a team is registered once and updated only afterwards. */
class TeamDeciderTest {

    static final DeciderSpec<Boolean, TeamCommand, TeamEvent> TEAMS = DeciderSpec.of(TeamDecider.DECIDER);
    static final TeamProfile RED = new TeamProfile("red-vest", "红马甲志愿服务队", List.of("ELDERLY_CARE"), List.of("G-1"), 3,
            List.of(new TeamProfile.Member("v-1", "张三")), true);
    static final TeamProfile RED_PAUSED = new TeamProfile("red-vest", "红马甲志愿服务队", List.of("ELDERLY_CARE"), List.of("G-1"), 3,
            List.of(new TeamProfile.Member("v-1", "张三")), false);

    @Test
    void aTeamIsRegisteredOnce() {
        TEAMS.given().when(new TeamCommand.Register(RED)).thenEmits(new TeamEvent.Registered(RED));
        TEAMS.given(new TeamEvent.Registered(RED)).when(new TeamCommand.Register(RED)).thenRejects("registered already");
    }

    @Test
    void onlyARegisteredTeamIsUpdatedWithItsWholeNewProfile() {
        TEAMS.given(new TeamEvent.Registered(RED)).when(new TeamCommand.Update(RED_PAUSED))
                .thenEmits(new TeamEvent.Updated(RED_PAUSED));
        TEAMS.given().when(new TeamCommand.Update(RED)).thenRejects("is not registered");
    }
}
