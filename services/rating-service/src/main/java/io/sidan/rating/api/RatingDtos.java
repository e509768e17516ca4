package io.sidan.rating.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the rating API's commands (its answers are the read models' {@code RatingViews}). */
public final class RatingDtos {

    private RatingDtos() {
    }

    @Schema(name = "RatingInput", description = "Scores on the 5-level scale: 5 非常满意, 4 满意, 3 一般, 2 不满意, 1 非常不满意")
    public record RateBody(
            @Schema(examples = "5") @NotNull @Min(1) @Max(5) Integer overall,
            @Schema(examples = "5") @NotNull @Min(1) @Max(5) Integer timeliness,
            @Schema(examples = "5") @NotNull @Min(1) @Max(5) Integer attitude,
            @Schema(examples = "4") @NotNull @Min(1) @Max(5) Integer quality,
            @Schema(examples = "志愿者很耐心") @Size(max = 1000) String comment) {
    }

    @Schema(name = "FollowUpInput", description = "The result of calling back a resident after a bad rating (回访)")
    public record FollowUpBody(@Schema(examples = "电话回访，群众表示理解") @NotBlank @Size(max = 1000) String note,
                               @Schema(description = "Whether the request should be reopened (do that on the request service)", examples = "false")
                               Boolean reopenRequested) {
    }
}
