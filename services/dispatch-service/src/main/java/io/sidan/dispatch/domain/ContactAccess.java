package io.sidan.dispatch.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Who needs a resident's unmasked contact in dispatch (PIPL: only those who need it, only while they do):
 * dispatchers, to call back and arrange; the team serving the request, from its acceptance until a while
 * after it completed (to follow up). Everyone else — admins, other teams, a team that was only offered
 * the case — sees it masked.
 */
public final class ContactAccess {

    private ContactAccess() {
    }

    /**
     * @param servingTeam the team the case is assigned to (null if none)
     * @param completedAt when the service was completed (null if not yet)
     */
    public static boolean teamMaySee(String team, String servingTeam, String phase, Instant completedAt, Instant now,
                                     Duration afterCompletion) {
        if (!team.equals(servingTeam)) {
            return false;
        }
        return switch (phase) {
            case "ACCEPTED", "IN_SERVICE" -> true;
            case "COMPLETED" -> completedAt != null && now.isBefore(completedAt.plus(afterCompletion));
            default -> false;
        };
    }
}
