package io.sidan.request.domain;

import java.time.Duration;
import java.time.Instant;

import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;

/** What can be asked of a request. Input has been validated for shape; the decider checks the rules. */
public sealed interface RequestCommand {

    record Submit(String requestId, String requesterId, String requesterName, Channel channel, String category,
                  String item, String title, String description, Location location, Urgency urgency,
                  String contactPhone, TimeWindow preferredWindow, SlaTargets sla) implements RequestCommand {
    }

    record Cancel(String reason) implements RequestCommand {
    }

    /** Follow-up (回头看), allowed within {@code window} after the service was completed. */
    record Reopen(String reason, Instant now, Duration window) implements RequestCommand {
    }

    /** Close the given round once its rating is final. */
    record Close(int round, Double compositeScore) implements RequestCommand {
    }
}
