package io.sidan.dispatch.api;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.sidan.contracts.events.RejectionReason;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies and answers of the dispatcher's API. */
public final class DispatchDtos {

    private DispatchDtos() {
    }

    @Schema(name = "AssignInput")
    public record AssignBody(@Schema(examples = "red-vest") @NotBlank @Size(max = 40) String teamId,
                             @Schema(examples = "就近派单") @Size(max = 500) String note) {
    }

    @Schema(name = "OfferInput", description = "Open grab (抢单): leave teamIds out to offer to every eligible team")
    public record OfferBody(@Size(max = 20) List<@NotBlank @Size(max = 40) String> teamIds,
                            @Schema(examples = "附近两支服务队均可接单") @Size(max = 500) String note) {
    }

    @Schema(name = "RejectInput")
    public record RejectBody(@NotNull RejectionReason reason,
                             @Schema(examples = "不在本中心服务范围") @Size(max = 500) String detail,
                             @Schema(description = "The request this one duplicates (for DUPLICATE)",
                                     examples = "0c2a3f1e-1111-4222-8333-944455556666")
                             @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                     message = "must be a request id") String duplicateOf) {
    }

    @Schema(name = "QueueItem", description = "A case waiting for a team, with its SLA countdown")
    public record QueueItem(String requestId, String title, String category, String grid, String urgency, String phase,
                            Instant submittedAt, Instant queuedAt,
                            @Schema(description = "When it must be dispatched (SLA)") Instant dispatchDueAt,
                            @Schema(description = "Seconds left until dispatchDueAt; negative when overdue") long slaRemainingSeconds,
                            boolean overdue, int escalationLevel,
                            @Schema(description = "Escalation level 2 or more: supervised by admins (督办)") boolean supervised,
                            int attempt, List<String> offeredTo, String teamId, Instant acceptBy, int reopenCount,
                            @Schema(description = "When this round must be completed (SLA: from submission or the preferred "
                                    + "window, from the reopening after a reopen)") Instant completeDueAt,
                            @Schema(description = "Not completed within its SLA: escalated to admins (督办)") boolean completionOverdue) {
    }

    @Schema(name = "Contact", description = "The resident's contact. Unmasked for dispatchers (each read is in the access "
            + "log) and for the serving team through GET /api/tasks/{requestId}/contact; masked (phone 139****5678, the "
            + "start of the address, coordinates to about a kilometre) for everyone else")
    public record Contact(@Schema(description = "Absent when erased or unavailable") String requesterName,
                          @Schema(description = "Absent when erased or unavailable") String phone,
                          @Schema(description = "Absent when erased or unavailable") String address,
                          Double lat, Double lon,
                          @Schema(description = "Absent when erased or unavailable") String description,
                          Instant preferredFrom, Instant preferredTo,
                          @Schema(description = "True when phone, address and coordinates are masked") boolean masked,
                          @Schema(description = "The request's personal data was erased (at the resident's request, or "
                                  + "after the retention period): name, phone, address and description are gone") boolean personalDataErased,
                          @Schema(description = "The request service, keeper of the data keys, did not answer: name, phone, "
                                  + "address and description cannot be opened now; try again shortly") boolean unavailable) {
    }

    @Schema(name = "CaseHistoryEntry")
    public record HistoryEntry(long version, String type, Instant at, String actorRole, String actorName, String summary,
                               String summaryEn) {
    }

    @Schema(name = "Case")
    public record CaseDetails(String requestId, String title, String category, String grid, String urgency, String phase,
                              int attempt, String teamId, String mode, List<String> offeredTo, List<String> excludedTeams,
                              Instant acceptBy, int escalationLevel, boolean supervised, int reopenCount,
                              Instant submittedAt, Instant queuedAt, Instant dispatchDueAt, Instant dispatchedAt,
                              Instant acceptedAt, Instant startedAt, Instant completedAt,
                              @Schema(description = "When this round must be completed (SLA)") Instant completeDueAt,
                              @Schema(description = "Not completed within its SLA: escalated to admins (督办)") boolean completionOverdue,
                              @Schema(nullable = true) Contact contact, List<HistoryEntry> history,
                              @Schema(description = "Entity tag: the case's stream version") String etag) {
    }

    @Schema(name = "CasePage")
    public record CasePage(List<QueueItem> items, int page, int size, long total) {
    }
}
