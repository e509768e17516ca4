package io.sidan.request.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.sidan.kit.security.Caller;
import io.sidan.request.application.AuditReads;
import io.sidan.request.projection.AuditReport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The periodic reports admins hand on: 每月统计 (monthly) and 每季通报 (quarterly), in the centre's time zone. */
@Path("/api/audit/reports")
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Audit")
public class AuditReportsResource {

    private final AuditReads audit;

    public AuditReportsResource(AuditReads audit) {
        this.audit = audit;
    }

    @GET
    @Path("monthly")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getMonthlyReport", summary = "Monthly report (每月统计)", description = "One month's totals, the three rates, latencies and SLA, "
            + "by day, category, grid and team, and the rankings of teams and grids.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditReport.class)))
    public AuditReport monthly(@Parameter(description = "The month, e.g. 2026-03 (default: this month)", schema = @Schema(pattern = "\\d{4}-\\d{2}"))
                               @QueryParam("month") String month) {
        return audit.monthly(month);
    }

    @GET
    @Path("quarterly")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getQuarterlyReport", summary = "Quarterly report (每季通报)", description = "One quarter's figures by month, category, grid and "
            + "team, and the rankings of teams and grids.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditReport.class)))
    public AuditReport quarterly(@Parameter(description = "The quarter, e.g. 2026-Q1 (default: this quarter)",
            schema = @Schema(pattern = "\\d{4}-Q[1-4]")) @QueryParam("quarter") String quarter) {
        return audit.quarterly(quarter);
    }
}
