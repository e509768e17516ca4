package io.sidan.dispatch.api;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies and answers of the volunteer team's API (团队接单). */
public final class TaskDtos {

    private TaskDtos() {
    }

    @Schema(name = "DeclineInput")
    public record DeclineBody(@Schema(examples = "今日人手不足") @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "NoteInput")
    public record NoteBody(@Schema(examples = "已联系居民，下午两点上门") @NotBlank @Size(max = 1000) String text,
                           @Schema(description = "Whether the resident sees it in the timeline; default true", examples = "true")
                           @JsonProperty("public") Boolean visibleToResident) {
    }

    @Schema(name = "VolunteerHoursInput")
    public record HoursBody(@Schema(examples = "v-zhang-wei") @NotBlank @Size(max = 60) String volunteerId,
                            @Schema(examples = "1.5") @NotNull @DecimalMin("0.25") @DecimalMax("24") Double hours) {
    }

    @Schema(name = "CompleteInput")
    public record CompleteBody(@Schema(examples = "已完成上门理发，老人很满意") @NotBlank @Size(max = 1000) String summary,
                               @NotEmpty @Size(max = 50) List<@NotNull @Valid HoursBody> volunteerHours,
                               @Schema(description = "Links to photos or documents")
                               @Size(max = 10) List<@NotBlank @Size(max = 500)
                               @Pattern(regexp = "https?://\\S+", message = "must be an http(s) link") String> evidence) {
    }

    @Schema(name = "Task", description = "A case offered or assigned to the caller's team, or being served by it")
    public record Task(String requestId, String title, String category, String grid, String urgency, String phase,
                       @Schema(description = "OFFERED (open grab), ASSIGNED (to this team), ACCEPTED, IN_SERVICE or COMPLETED")
                       String status, Instant acceptBy, Instant acceptedAt, Instant startedAt, Instant completedAt,
                       int escalationLevel,
                       @Schema(description = "When this round must be completed (SLA)") Instant completeDueAt,
                       @Schema(description = "Masked; the serving team reads it unmasked with GET /api/tasks/{requestId}/contact", nullable = true) DispatchDtos.Contact contact) {
    }
}
