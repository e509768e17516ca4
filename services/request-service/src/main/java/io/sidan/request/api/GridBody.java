package io.sidan.request.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.sidan.contracts.events.Grid;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A grid (网格) as an admin registers it. */
@Schema(name = "GridInput")
public record GridBody(
        @Schema(examples = "G-HPL-01")
        @NotBlank @Pattern(regexp = "[A-Z0-9][A-Z0-9-]{1,39}", message = "must be 2 to 40 of A-Z, 0-9 and -") String code,
        @Schema(examples = "和平里第一网格") @NotBlank @Size(max = 100) String name,
        @Schema(examples = "东城区和平里街道") @NotBlank @Size(max = 100) String district,
        @Schema(description = "Grid leader (网格长)", examples = "王芳") @Size(max = 50) String leaderName,
        @Schema(description = "The grid leader's phone", examples = "13800001111")
        @Pattern(regexp = SubmitRequestBody.PHONE, message = "must be a mobile or landline number") String leaderPhone,
        @Schema(description = "Inactive grids take no new requests; default true", examples = "true") Boolean active) {

    public Grid toGrid() {
        return new Grid(code, name.trim(), district.trim(), leaderName, leaderPhone, active == null || active);
    }
}
