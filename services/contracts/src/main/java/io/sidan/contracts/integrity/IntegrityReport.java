package io.sidan.contracts.integrity;

import java.util.List;

/**
 * What checking a service's store found, online (the service's own database) or offline (an export).
 *
 * @param service                  whose store
 * @param intact                   every chain holds, every checkpoint's signature, link, counts and (for the
 *                                 latest) root hold, and no checkpoint another service witnessed is missing
 * @param events                   events checked
 * @param streams                  streams checked
 * @param checkpoints              the service's own checkpoints found in the store
 * @param latestCheckpoint         the sequence of the newest one, or null when there is none
 * @param eventsAfterCheckpoint    events recorded after the newest checkpoint: their chains are checked, but
 *                                 no signature covers them yet
 * @param signaturesCheckedWith    the id of the public key the signatures were checked with, or null when none was
 *                                 given (then signatures were not checked)
 * @param firstBadEvent            the first event found whose chain does not hold (in position order in an export,
 *                                 stream by stream online); null when none
 * @param problems                 everything found, in words (at most {@value StoreVerifier#MAX_PROBLEMS})
 */
public record IntegrityReport(String service, boolean intact, long events, long streams, long checkpoints, Long latestCheckpoint,
                              long eventsAfterCheckpoint, String signaturesCheckedWith, BadEvent firstBadEvent,
                              List<String> problems) {

    /**
     * An event whose chain does not hold; in an export of streams also a signed head that is missing or
     * changed (then {@code eventId} is null and {@code position} 0: the event is not there to name).
     */
    public record BadEvent(String streamId, long version, String eventId, long position, String problem) {
    }
}
