package io.sidan.dispatch.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.sidan.contracts.events.TeamProfile;
import io.sidan.kit.api.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A volunteer team as an admin registers or updates it. */
@Schema(name = "TeamInput")
public record TeamBody(
        @Schema(description = "Stable slug id", examples = "red-vest")
        @NotBlank @Pattern(regexp = "[a-z][a-z0-9]*(-[a-z0-9]+)*", message = "must be a lower-case slug such as red-vest")
        @Size(min = 2, max = 40) String teamId,
        @Schema(examples = "红马甲志愿服务队") @NotBlank @Size(max = 100) String name,
        @Schema(description = "Category codes the team serves (skills)", examples = "[\"ELDERLY_CARE\"]")
        @NotEmpty @Size(max = 20) List<@NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be a category code") String> categories,
        @Schema(description = "Grid codes the team covers", examples = "[\"G-HPL-01\"]")
        @NotNull @Size(max = 50) List<@NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "must be a grid code") String> grids,
        @Schema(description = "Most open tasks at once", examples = "5") @NotNull @Min(1) @Max(100) Integer capacity,
        @NotNull @Size(max = 200) List<@NotNull @Valid MemberBody> members,
        @Schema(description = "Paused teams get no cases; default true", examples = "true") Boolean active) {

    @Schema(name = "MemberInput")
    public record MemberBody(
            @Schema(examples = "v-zhang-wei") @NotBlank @Pattern(regexp = "[a-zA-Z0-9][a-zA-Z0-9._-]{0,59}",
                    message = "must be 1 to 60 letters, digits, dots, dashes or underscores") String volunteerId,
            @Schema(examples = "张伟") @NotBlank @Size(max = 50) String name) {
    }

    public TeamProfile toProfile() {
        if (teamId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw ProblemException.invalidField("teamId", "must not look like a request id");
        }
        if (members.stream().map(MemberBody::volunteerId).distinct().count() != members.size()) {
            throw ProblemException.invalidField("members", "volunteer ids must be unique within the team");
        }
        return new TeamProfile(teamId, name.trim(), categories.stream().distinct().toList(),
                grids.stream().distinct().toList(), capacity,
                members.stream().map(m -> new TeamProfile.Member(m.volunteerId(), m.name().trim())).toList(),
                active == null || active);
    }
}
