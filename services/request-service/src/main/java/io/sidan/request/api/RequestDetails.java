package io.sidan.request.api;

import java.time.Instant;

import io.sidan.contracts.events.SlaTargets;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A request as its reader may see it; the phone number only for the owner, dispatchers and admins. */
@Schema(name = "Request")
public record RequestDetails(
        @Schema(description = "Request id (UUID)") String id,
        @Schema(description = "Resident-visible status", enumeration = {"SUBMITTED", "DISPATCHED", "ACCEPTED",
                "IN_SERVICE", "COMPLETED", "RATED", "CLOSED", "REJECTED", "CANCELLED", "REOPENED"}) String status,
        @Schema(description = "1, and one more after each reopen (回头看)") int round,
        int reopenCount,
        String category,
        @Schema(description = "Category name in Chinese") String categoryName,
        String item,
        String title,
        @Schema(description = "What is needed, as the resident wrote it; absent once the personal data was erased") String description,
        @Schema(description = "The address and coordinates are masked unless contactMasked is false") ShownLocation location,
        String urgency,
        String channel,
        @Schema(description = "Absent once the personal data was erased") String requesterName,
        @Schema(description = "Masked (139****5678) unless contactMasked is false; absent once the personal data was erased") String contactPhone,
        @Schema(description = "False for the resident who filed it, and for a dispatcher reading one request (each such "
                + "read is in the access log); true for everyone else and in lists. Admins reveal a contact with "
                + "POST /api/requests/{id}/contact/reveal") boolean contactMasked,
        @Schema(description = "The request's personal data (name, phone, address, description) was erased: at the resident's "
                + "request, or when the retention period after it ended ran out. Those fields are absent.") boolean personalDataErased,
        SubmitRequestBody.TimeWindowBody preferredWindow,
        @Schema(description = "SLA targets in force when it was submitted") SlaTargets sla,
        @Schema(nullable = true) Assignment assignment,
        @Schema(description = "0 normal, 1 escalated, 2 and above supervised by admins (督办)") int escalationLevel,
        @Schema(description = "Why it was rejected, when it was", nullable = true) String rejection,
        @Schema(description = "Composite rating score of the current round once final", nullable = true) Double compositeScore,
        Timestamps timestamps,
        @Schema(description = "Entity tag; send it back in If-Match to change the request only if nobody else did") String etag) {

    /** Where the service was needed, as shown (input is {@code Location}). */
    @Schema(name = "ShownLocation", description = "Where the service is needed: the grid always; the address unless erased; "
            + "coordinates (kept to two decimals, about a kilometre) when given")
    public record ShownLocation(
            @Schema(description = "Grid code") String grid,
            @Schema(description = "Street address, masked unless contactMasked is false; absent once erased") String address,
            @Schema(description = "Latitude (WGS84), two decimals") Double lat,
            @Schema(description = "Longitude (WGS84), two decimals") Double lon) {
    }

    @Schema(name = "Assignment")
    public record Assignment(String teamId, String teamName, String mode) {
    }

    @Schema(name = "RequestTimestamps", description = "When each step of the current round happened (null until it has)")
    public record Timestamps(Instant submittedAt, Instant dispatchedAt, Instant acceptedAt, Instant startedAt,
                             Instant completedAt, Instant ratedAt, Instant closedAt, Instant cancelledAt,
                             Instant reopenedAt) {
    }
}
