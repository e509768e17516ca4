package io.sidan.request.projection;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A request's case file for the audit: its figures, its verified timeline, and who did what. */
@Schema(name = "CaseFile")
public record CaseFile(AuditRows.Row figures, Timeline timeline,
                       @Schema(description = "Who did what, in order of first appearance") List<Actor> actors) {

    @Schema(name = "CaseFileActor")
    public record Actor(String role, String name, List<String> did) {
    }
}
