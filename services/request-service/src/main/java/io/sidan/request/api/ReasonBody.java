package io.sidan.request.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why: required for cancel and reopen. */
@Schema(name = "Reason")
public record ReasonBody(
        @Schema(description = "Why, in a few words", examples = "家人已经帮忙解决")
        @NotBlank @Size(max = 500) String reason) {
}
