package io.sidan.request.api;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.request.domain.NewRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a resident (or a dispatcher for a caller) asks for. */
@Schema(name = "SubmitRequest", description = "A new service request (群众点单)")
public record SubmitRequestBody(
        @Schema(description = "Category code from GET /api/catalogue", examples = "ELDERLY_CARE")
        @NotBlank @Size(max = 40) String category,
        @Schema(description = "Service item code of that category, optional", examples = "HAIRCUT")
        @Size(max = 40) String item,
        @Schema(description = "Short title", examples = "老人上门理发")
        @NotBlank @Size(max = 100) String title,
        @Schema(description = "What is needed, up to 2000 characters", examples = "我母亲行动不便，想请志愿者上门理发。")
        @NotBlank @Size(max = 2000) String description,
        @Schema(description = "Where the service is needed")
        @NotNull @Valid LocationBody location,
        @Schema(description = "How urgent; the category's default when left out")
        Urgency urgency,
        @Schema(description = "A mainland mobile (11 digits) or landline number", examples = "13912345678")
        @NotBlank @Pattern(regexp = PHONE, message = "must be a mobile number of 11 digits starting with 1, or a landline such as 010-12345678")
        String contactPhone,
        @Schema(description = "When the resident would like the service, optional")
        @Valid TimeWindowBody preferredWindow,
        @Schema(description = "How the request arrived: APP or KIOSK for residents; PHONE (default), WALK_IN, KIOSK or APP when a dispatcher files it")
        Channel channel,
        @Schema(description = "The caller's name; required when a dispatcher files for someone", examples = "张阿姨")
        @Size(max = 50) String requesterName) {

    /**
     * The submission as written, with the requester's name: the caller's (a dispatcher's) or the resident's
     * account name. The application checks it against the catalogue and the submitter.
     */
    public NewRequest toNewRequest(String requesterName) {
        return new NewRequest(category, item, title, description,
                new Location(location.grid(), location.address(), location.lat(), location.lon()), urgency, contactPhone,
                preferredWindow == null ? null : new TimeWindow(preferredWindow.from(), preferredWindow.to()), channel,
                requesterName);
    }

    public static final String PHONE = "^(\\+?86[- ]?)?1[3-9]\\d{9}$|^0\\d{2,3}-?\\d{7,8}$";

    @Schema(name = "Location")
    public record LocationBody(
            @Schema(description = "Grid code from GET /api/grids", examples = "G-HPL-01")
            @NotBlank @Size(max = 40) String grid,
            @Schema(description = "Street address", examples = "和平里街道3号楼2单元501")
            @NotBlank @Size(max = 200) String address,
            @Schema(description = "Latitude (WGS84)", examples = "39.9551")
            @DecimalMin("-90") @DecimalMax("90") Double lat,
            @Schema(description = "Longitude (WGS84)", examples = "116.4177")
            @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }

    @Schema(name = "TimeWindow")
    public record TimeWindowBody(
            @Schema(description = "From (ISO-8601)", examples = "2026-03-06T01:00:00Z") @NotNull Instant from,
            @Schema(description = "To (ISO-8601), after from", examples = "2026-03-06T04:00:00Z") @NotNull Instant to) {
    }
}
