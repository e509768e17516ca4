package io.sidan.dispatch.api;

import java.util.List;

import io.sidan.contracts.events.TeamProfile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Team")
public record TeamDetails(String teamId, String name, List<String> categories, List<String> grids, int capacity,
                          List<TeamProfile.Member> members, boolean active,
                          @Schema(description = "Cases accepted and not yet completed") int openTasks,
                          @Schema(description = "Rolling reputation from the rating service, null until rated", nullable = true)
                          Double reputation,
                          int reputationSample,
                          @Schema(description = "Entity tag for If-Match on update") String etag) {
}
