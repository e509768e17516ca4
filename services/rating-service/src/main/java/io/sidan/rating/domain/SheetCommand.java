package io.sidan.rating.domain;

import java.time.Instant;
import java.util.List;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.VolunteerHours;

/** What can happen to a rating sheet. */
public sealed interface SheetCommand {

    /** The service of a round was completed: open its sheet. */
    record Open(String requestId, int round, String teamId, String requesterId, String category, String grid,
                List<VolunteerHours> volunteerHours, Instant completedAt) implements SheetCommand {
    }

    /** A party rates; who the party is was established from the caller's role and identity. */
    record Rate(Party party, String raterId, Scores scores, String comment, Instant now) implements SheetCommand {
    }

    /** The clock: finalize a sheet whose window has ended. */
    record CloseWindow(Instant now) implements SheetCommand {
    }

    /** An admin followed up a bad rating (回访). */
    record FollowUp(String note, boolean reopenRequested) implements SheetCommand {
    }
}
