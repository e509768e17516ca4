package io.sidan.request.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.kit.api.Csv;
import io.sidan.kit.api.Params;
import io.sidan.kit.security.Caller;
import io.sidan.request.application.AuditReads;
import io.sidan.request.projection.AuditFigures;
import io.sidan.request.projection.AuditQueries;
import io.sidan.request.projection.AuditRows;
import io.sidan.request.projection.CaseFile;
import io.sidan.request.projection.Rankings;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * 管理审计 figures for admins: response times, SLA, the three rates, rankings and single requests' case
 * files. Each list answers as JSON, or as a CSV file for spreadsheets when asked with {@code Accept: text/csv}.
 */
@Path("/api/audit")
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Audit", description = "For admins: how fast and how well requests are handled, proven from the events")
public class AuditFiguresResource {

    static final String FROM = "Start (inclusive): an instant such as 2026-03-01T00:00:00Z, or a day such as 2026-03-01 "
            + "meaning its start in the centre's time zone (sidan.centre.zone). Default: 30 days before `to`; without `to` "
            + "either, the start of the day 29 days before today there (the last 30 days, today included).";
    static final String TO = "End (exclusive): an instant, or a day meaning its start in the centre's time zone. Default: "
            + "the end of today there.";
    private static final String CSV = " Ask with `Accept: text/csv` for the same as a CSV file (UTF-8 with BOM, opens in Excel).";

    private final AuditReads audit;

    public AuditFiguresResource(AuditReads audit) {
        this.audit = audit;
    }

    @GET
    @Path("summary")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(operationId = "getAuditSummary", summary = "Figures grouped by period, category, grid or team", description = "For requests submitted in "
            + "[from, to) (default: the last 30 days, today included, in whole days of the centre's zone): counts; response, resolution and satisfaction rates; mean and "
            + "p50/p90/p99 of each latency; on-time rates of the dispatch, accept and complete SLA clocks; declines, "
            + "expiries, escalations, reopens, bad ratings and follow-ups. Rate definitions: "
            + "response = dispatched within SLA / submitted; resolution (办结率) = completed / (submitted − cancelled − rejected); "
            + "satisfaction (满意率) = ratings with overall ≥ 4 / ratings received, no response excluded and shown apart." + CSV)
    @APIResponse(responseCode = "200", description = "One entry per group, or the CSV file",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditFigures[].class)),
                       @Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))})
    public Response summary(@Parameter(description = FROM) @QueryParam("from") String from,
                            @Parameter(description = TO) @QueryParam("to") String to,
                            @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("category") String category,
                            @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("grid") String grid,
                            @Parameter(schema = @Schema(maxLength = 60)) @QueryParam("teamId") String teamId,
                            @Parameter(schema = @Schema(enumeration = {"none", "period", "category", "grid", "team"},
                                    defaultValue = "none")) @QueryParam("groupBy") String groupBy,
                            @Parameter(schema = @Schema(enumeration = {"day", "week", "month", "quarter"},
                                    defaultValue = "month")) @QueryParam("period") String period,
                            @Context HttpHeaders headers) {
        List<AuditFigures> figures = audit.figures(filter(from, to, category, grid, teamId), groupBy(groupBy), period(period));
        if (!Csv.wanted(headers)) {
            return Response.ok(figures, MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> lines = new ArrayList<>();
        for (AuditFigures f : figures) {
            List<Object> line = new ArrayList<>(List.of(f.key(), f.submitted(), f.cancelled(), f.rejected(), f.resolved()));
            line.add(f.responseRate().value());
            line.add(f.resolutionRate().value());
            line.add(f.satisfactionRate().value());
            line.add(f.noResponse());
            line.add(f.badRatings());
            line.add(f.followedUp());
            for (AuditFigures.Stats s : List.of(f.latencies().dispatch(), f.latencies().accept(), f.latencies().arrive(),
                    f.latencies().resolution(), f.latencies().rating())) {
                line.add(s.mean());
                line.add(s.p50());
                line.add(s.p90());
                line.add(s.p99());
            }
            line.add(f.sla().dispatch().onTime().value());
            line.add(f.sla().accept().onTime().value());
            line.add(f.sla().complete().onTime().value());
            line.add(f.declines());
            line.add(f.expiries());
            line.add(f.escalated());
            line.add(f.supervised());
            line.add(f.reopens());
            lines.add(line);
        }
        List<String> header = new ArrayList<>(List.of("分组 group", "提交 submitted", "撤回 cancelled", "不予受理 rejected",
                "办结 resolved", "响应率 response rate", "办结率 resolution rate", "满意率 satisfaction rate",
                "未评价 no response", "差评 bad ratings", "已回访 followed up"));
        for (String l : List.of("dispatch", "accept", "arrive", "resolution", "rating")) {
            for (String stat : List.of("mean", "p50", "p90", "p99")) {
                header.add(l + " " + stat + " (s)");
            }
        }
        header.addAll(List.of("派单按时率 dispatch on time", "接单按时率 accept on time", "办结按时率 complete on time",
                "拒单 declines", "超时 expiries", "升级 escalated", "督办 supervised", "回头看 reopens"));
        return Csv.of("sidan-summary.csv", header, lines);
    }

    @GET
    @Path("rankings")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(operationId = "getRankings", summary = "Rank teams or grids", description = "By satisfaction, resolution or response rate, SLA on-time "
            + "rates, or median resolution time. Groups with fewer cases than the minimum sample (5 by default) are "
            + "listed apart, unranked, so a team with one fast case cannot top the table." + CSV)
    @APIResponse(responseCode = "200", description = "The ranking, or the CSV file (rank, name, measure, sample)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rankings.Ranking.class)),
                       @Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))})
    public Response rankings(@Parameter(description = FROM) @QueryParam("from") String from,
                             @Parameter(description = TO) @QueryParam("to") String to,
                             @Parameter(schema = @Schema(enumeration = {"team", "grid"}, defaultValue = "team"))
                             @QueryParam("dimension") String dimension,
                             @Parameter(schema = @Schema(enumeration = {"SATISFACTION", "RESOLUTION", "RESPONSE",
                                     "DISPATCH_ON_TIME", "COMPLETE_ON_TIME", "RESOLUTION_TIME"}, defaultValue = "SATISFACTION"))
                             @QueryParam("measure") String measure,
                             @Context HttpHeaders headers) {
        Rankings.Measure m = measure == null ? Rankings.Measure.SATISFACTION : Params.enumValue(Rankings.Measure.class, "measure", measure);
        Rankings.Ranking r = audit.ranking(filter(from, to, null, null, null), dimension == null ? "team" : dimension, m);
        if (!Csv.wanted(headers)) {
            return Response.ok(r, MediaType.APPLICATION_JSON).build();
        }
        List<List<Object>> lines = new ArrayList<>();
        r.ranked().forEach(e -> lines.add(List.of(e.rank(), e.key(), e.value(), e.sample())));
        r.insufficientSample().forEach(e -> lines.add(new ArrayList<>(java.util.Arrays.asList("样本不足 below " + r.minSample(),
                e.key(), e.value(), e.sample()))));
        return Csv.of("sidan-ranking-" + r.dimension() + ".csv", List.of("名次 rank", r.dimension(), r.measure(), "样本 sample"), lines);
    }

    @GET
    @Path("requests")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    @Operation(operationId = "listAuditRequests", summary = "Audit figures of single requests", description = "Oldest first; breached=dispatch|accept|complete "
            + "keeps only the requests whose clock was (or is) late. As CSV, up to 100,000 rows (page and size ignored)." + CSV)
    @APIResponse(responseCode = "200", description = "Rows, or the CSV file",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditRows.Row[].class)),
                       @Content(mediaType = Csv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))})
    public Response requests(@Parameter(description = FROM) @QueryParam("from") String from,
                             @Parameter(description = TO) @QueryParam("to") String to,
                             @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("category") String category,
                             @Parameter(schema = @Schema(maxLength = 40)) @QueryParam("grid") String grid,
                             @Parameter(schema = @Schema(maxLength = 60)) @QueryParam("teamId") String teamId,
                             @Parameter(schema = @Schema(enumeration = {"dispatch", "accept", "complete"}))
                             @QueryParam("breached") String breached,
                             @Parameter(schema = @Schema(minimum = "0", maximum = "100000")) @QueryParam("page") String page,
                             @Parameter(schema = @Schema(minimum = "1", maximum = "1000")) @QueryParam("size") String size,
                             @Context HttpHeaders headers) {
        AuditQueries.Filter filter = filter(from, to, category, grid, teamId);
        if (!Csv.wanted(headers)) {
            int p = Params.number("page", page, 0, 0, 100_000);
            int s = Params.number("size", size, 100, 1, 1000);
            return Response.ok(audit.rows(filter, breached, p, s), MediaType.APPLICATION_JSON).build();
        }
        List<AuditRows.Row> all = audit.rows(filter, breached, 0, AuditReads.EXPORT_LIMIT);
        List<List<Object>> lines = new ArrayList<>();
        for (AuditRows.Row r : all) {
            lines.add(java.util.Arrays.asList(r.requestId(), r.title(), r.category(), r.grid(), r.urgency(), r.channel(),
                    r.teamId(), r.status(), r.submittedAt(), r.firstDispatchedAt(), r.acceptedAt(), r.startedAt(),
                    r.completedAt(), r.closedAt(), r.dispatchSeconds(), r.acceptSeconds(), r.arriveSeconds(),
                    r.resolutionSeconds(), r.ratingSeconds(), r.dispatchVerdict(), r.acceptVerdict(), r.completeVerdict(),
                    r.declines(), r.expiries(), r.escalationLevel(), r.reopens(), r.ratings(), r.satisfied(), r.noResponse(),
                    r.badRatings(), r.composite()));
        }
        return Csv.of("sidan-requests.csv", List.of("诉求 request", "标题 title", "类别 category", "网格 grid",
                "紧急程度 urgency", "渠道 channel", "服务队 team", "状态 status", "提交 submitted", "派单 dispatched",
                "接单 accepted", "到场 started", "办结 completed", "归档 closed", "派单用时 dispatch (s)",
                "接单用时 accept (s)", "到场用时 arrive (s)", "办结用时 resolution (s)", "评价用时 rating (s)",
                "派单时限 dispatch SLA", "接单时限 accept SLA", "办结时限 complete SLA", "拒单 declines", "超时 expiries",
                "升级 escalation", "回头看 reopens", "评价数 ratings", "满意 satisfied", "未评价 no response", "差评 bad",
                "综合评分 composite"), lines);
    }

    @GET
    @Path("requests/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCaseFile", summary = "A request's case file", description = "Every service's events with each chain re-verified, "
            + "the derived times and SLA verdicts, each assignment attempt, and who did what.")
    @APIResponse(responseCode = "200", description = "The case file",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CaseFile.class)))
    public CaseFile caseFile(@PathParam("id") String id) {
        return audit.caseFile(id);
    }

    private AuditQueries.Filter filter(String from, String to, String category, String grid, String teamId) {
        return audit.filter(from, to, Params.text("category", category, 40), Params.text("grid", grid, 40),
                Params.text("teamId", teamId, 60));
    }

    private static AuditQueries.GroupBy groupBy(String value) {
        return value == null ? AuditQueries.GroupBy.NONE
                : Params.enumValue(AuditQueries.GroupBy.class, "groupBy", value.toUpperCase(java.util.Locale.ROOT));
    }

    private static AuditQueries.Period period(String value) {
        return value == null ? AuditQueries.Period.MONTH
                : Params.enumValue(AuditQueries.Period.class, "period", value.toUpperCase(java.util.Locale.ROOT));
    }
}
