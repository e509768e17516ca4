package io.sidan.request.domain;

import java.time.Duration;
import java.time.Instant;

import java.util.function.BinaryOperator;

import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.privacy.PersonalData;

/** What can be asked of a request. Input has been validated for shape; the decider checks the rules. */
public sealed interface RequestCommand {

    record Submit(String requestId, String requesterId, String requesterName, Channel channel, String category,
                  String item, String title, String description, Location location, Urgency urgency,
                  String contactPhone, TimeWindow preferredWindow, SlaTargets sla) implements RequestCommand {

        /** The same submission with its personal fields replaced by {@code seal.apply(field, text)}. */
        public Submit sealed(BinaryOperator<String> seal) {
            return new Submit(requestId, requesterId, seal.apply(PersonalData.NAME, requesterName), channel, category, item,
                    title, seal.apply(PersonalData.DESCRIPTION, description), new Location(location.grid(),
                    seal.apply(PersonalData.ADDRESS, location.address()), location.lat(), location.lon()), urgency,
                    seal.apply(PersonalData.PHONE, contactPhone), preferredWindow, sla);
        }
    }

    record Cancel(String reason) implements RequestCommand {
    }

    /** Follow-up (回头看), allowed within {@code window} after the service was completed. */
    record Reopen(String reason, Instant now, Duration window) implements RequestCommand {
    }

    /**
     * Erase the personal data of a request that has ended (closed, rejected or cancelled): for an
     * approved erasure request ({@code erasureId}), or when the retention period ran out.
     */
    record ErasePersonalData(ErasureCause cause, String erasureId) implements RequestCommand {
    }

    /** Close the given round once its rating is final. */
    record Close(int round, Double compositeScore) implements RequestCommand {
    }
}
