package io.sidan.request.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.api.Csv;
import io.sidan.kit.api.Params;
import io.sidan.kit.api.ProblemException;
import io.sidan.kit.security.Caller;
import io.sidan.request.config.AuditConfig;
import io.sidan.request.projection.AuditFigures;
import io.sidan.request.projection.AuditQueries;
import io.sidan.request.projection.AuditRows;
import io.sidan.request.projection.Rankings;
import io.sidan.request.projection.Timeline;
import io.sidan.request.projection.TimelineQuery;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 管理审计: response times, SLA, the three rates, rankings, CSV, monthly and quarterly reports, case files. */
@Path("/api/audit")
@RolesAllowed(Caller.ADMIN)
@Tag(name = "Audit", description = "For admins: how fast and how well requests are handled, proven from the events")
public class AuditResource {

    static final Map<String, String> DEFINITIONS = Map.of(
            "responseRate", "响应率 response rate: requests dispatched within their dispatch SLA / all requests submitted",
            "resolutionRate", "办结率 resolution rate: requests completed (COMPLETED, RATED or CLOSED) / requests submitted "
                    + "minus those cancelled or rejected",
            "satisfactionRate", "满意率 satisfaction rate: ratings with overall ≥ 4 / ratings received from residents, the "
                    + "platform and reviewers (the team's own rating never counts); expected ratings that never came are "
                    + "not counted and are shown as noResponse",
            "percentiles", "Latencies in seconds; p50/p90/p99 by nearest rank: the smallest value with at least that share "
                    + "of the values at or below it",
            "sla", "A clock is on time when it stopped within its SLA; one still running past its due time counts as breached");

    static final String FROM = "Start (inclusive): an instant such as 2026-03-01T00:00:00Z, or a day such as 2026-03-01 "
            + "meaning its start in the centre's time zone (sidan.audit.zone). Default: 30 days before `to`.";
    static final String TO = "End (exclusive): an instant, or a day meaning its start in the centre's time zone. Default: now.";

    private final AuditQueries queries;
    private final AuditRows rows;
    private final TimelineQuery timelines;
    private final AuditConfig config;
    private final Transactions tx;
    private final Clock clock;

    public AuditResource(AuditQueries queries, AuditRows rows, TimelineQuery timelines, AuditConfig config,
                         Transactions tx, Clock clock) {
        this.queries = queries;
        this.rows = rows;
        this.timelines = timelines;
        this.config = config;
        this.tx = tx;
        this.clock = clock;
    }

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getAuditSummary", summary = "Figures grouped by period, category, grid or team", description = "For requests submitted in "
            + "[from, to) (default: the last 30 days): counts; response, resolution and satisfaction rates; mean and "
            + "p50/p90/p99 of each latency; on-time rates of the dispatch, accept and complete SLA clocks; declines, "
            + "expiries, escalations, reopens, bad ratings and follow-ups. Rate definitions: "
            + "response = dispatched within SLA / submitted; resolution (办结率) = completed / (submitted − cancelled − rejected); "
            + "satisfaction (满意率) = ratings with overall ≥ 4 / ratings received, no response excluded and shown apart.")
    @APIResponse(responseCode = "200", description = "One entry per group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditFigures[].class)))
    public List<AuditFigures> summary(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                                      @QueryParam("category") String category, @QueryParam("grid") String grid,
                                      @QueryParam("teamId") String teamId,
                                      @Parameter(schema = @Schema(enumeration = {"none", "period", "category", "grid", "team"},
                                              defaultValue = "none")) @QueryParam("groupBy") String groupBy,
                                      @Parameter(schema = @Schema(enumeration = {"day", "week", "month", "quarter"},
                                              defaultValue = "month")) @QueryParam("period") String period) {
        AuditQueries.Filter filter = filter(from, to, category, grid, teamId);
        AuditQueries.GroupBy by = groupBy(groupBy);
        AuditQueries.Period p = period(period);
        Instant now = clock.instant();
        return tx.inTransaction(c -> queries.figures(c, filter, by, p, now));
    }

    @GET
    @Path("summary.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(operationId = "exportAuditSummary", summary = "The summary as CSV (UTF-8 with BOM, opens in Excel)",
            description = "The same figures as GET /api/audit/summary, one row per group, for spreadsheets.")
    @APIResponse(responseCode = "200", description = "CSV", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response summaryCsv(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                               @QueryParam("category") String category, @QueryParam("grid") String grid,
                               @QueryParam("teamId") String teamId,
                               @Parameter(schema = @Schema(enumeration = {"none", "period", "category", "grid", "team"}))
                               @QueryParam("groupBy") String groupBy,
                               @Parameter(schema = @Schema(enumeration = {"day", "week", "month", "quarter"}))
                               @QueryParam("period") String period) {
        List<AuditFigures> figures = summary(from, to, category, grid, teamId, groupBy, period);
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
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRankings", summary = "Rank teams or grids", description = "By satisfaction, resolution or response rate, SLA on-time "
            + "rates, or median resolution time. Groups with fewer cases than the minimum sample (5 by default) are "
            + "listed apart, unranked, so a team with one fast case cannot top the table.")
    @APIResponse(responseCode = "200", description = "The ranking",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Rankings.Ranking.class)))
    public Rankings.Ranking rankings(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                                     @Parameter(schema = @Schema(enumeration = {"team", "grid"}, defaultValue = "team"))
                                     @QueryParam("dimension") String dimension,
                                     @Parameter(schema = @Schema(enumeration = {"SATISFACTION", "RESOLUTION", "RESPONSE",
                                             "DISPATCH_ON_TIME", "COMPLETE_ON_TIME", "RESOLUTION_TIME"}, defaultValue = "SATISFACTION"))
                                     @QueryParam("measure") String measure) {
        AuditQueries.Filter filter = filter(from, to, null, null, null);
        String dim = dimension == null ? "team" : dimension;
        if (!dim.equals("team") && !dim.equals("grid")) {
            throw ProblemException.invalidField("dimension", "must be team or grid");
        }
        Rankings.Measure m = measure == null ? Rankings.Measure.SATISFACTION : Params.enumValue(Rankings.Measure.class, "measure", measure);
        Instant now = clock.instant();
        List<AuditFigures> groups = tx.inTransaction(c -> queries.figures(c, filter,
                dim.equals("team") ? AuditQueries.GroupBy.TEAM : AuditQueries.GroupBy.GRID, null, now));
        return Rankings.rank(dim, m, config.rankingMinSample(),
                groups.stream().filter(g -> !g.key().equals("(none)")).toList());
    }

    @GET
    @Path("rankings.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(operationId = "exportRankings", summary = "A ranking as CSV",
            description = "The same ranking as GET /api/audit/rankings (rank, name, measure, sample), for spreadsheets.")
    @APIResponse(responseCode = "200", description = "CSV", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response rankingsCsv(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                                @Parameter(schema = @Schema(enumeration = {"team", "grid"})) @QueryParam("dimension") String dimension,
                                @Parameter(schema = @Schema(enumeration = {"SATISFACTION", "RESOLUTION", "RESPONSE",
                                        "DISPATCH_ON_TIME", "COMPLETE_ON_TIME", "RESOLUTION_TIME"})) @QueryParam("measure") String measure) {
        Rankings.Ranking r = rankings(from, to, dimension, measure);
        List<List<Object>> lines = new ArrayList<>();
        r.ranked().forEach(e -> lines.add(List.of(e.rank(), e.key(), e.value(), e.sample())));
        r.insufficientSample().forEach(e -> lines.add(new ArrayList<>(java.util.Arrays.asList("样本不足 below " + r.minSample(),
                e.key(), e.value(), e.sample()))));
        return Csv.of("sidan-ranking-" + r.dimension() + ".csv", List.of("名次 rank", r.dimension(), r.measure(), "样本 sample"), lines);
    }

    @GET
    @Path("requests")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditRequests", summary = "Audit figures of single requests", description = "Oldest first; breached=dispatch|accept|complete "
            + "keeps only the requests whose clock was (or is) late.")
    @APIResponse(responseCode = "200", description = "Rows",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditRows.Row[].class)))
    public List<AuditRows.Row> requests(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                                        @QueryParam("category") String category, @QueryParam("grid") String grid,
                                        @QueryParam("teamId") String teamId,
                                        @Parameter(schema = @Schema(enumeration = {"dispatch", "accept", "complete"}))
                                        @QueryParam("breached") String breached,
                                        @Parameter(schema = @Schema(minimum = "0", maximum = "100000")) @QueryParam("page") String page,
                                        @Parameter(schema = @Schema(minimum = "1", maximum = "1000")) @QueryParam("size") String size) {
        AuditQueries.Filter filter = filter(from, to, category, grid, teamId);
        String clockName = breached(breached);
        int p = Params.number("page", page, 0, 0, 100_000);
        int s = Params.number("size", size, 100, 1, 1000);
        Instant now = clock.instant();
        return tx.inTransaction(c -> rows.rows(c, filter, clockName, now, p, s));
    }

    @GET
    @Path("requests.csv")
    @Produces(Csv.MEDIA_TYPE)
    @Operation(operationId = "exportAuditRequests", summary = "Requests with their audit figures as CSV", description = "Up to 100,000 rows per download.")
    @APIResponse(responseCode = "200", description = "CSV", content = @Content(mediaType = Csv.MEDIA_TYPE))
    public Response requestsCsv(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
                                @QueryParam("category") String category, @QueryParam("grid") String grid,
                                @QueryParam("teamId") String teamId,
                                @Parameter(schema = @Schema(enumeration = {"dispatch", "accept", "complete"}))
                                @QueryParam("breached") String breached) {
        AuditQueries.Filter filter = filter(from, to, category, grid, teamId);
        String clockName = breached(breached);
        Instant now = clock.instant();
        List<AuditRows.Row> all = tx.inTransaction(c -> rows.rows(c, filter, clockName, now, 0, 100_000));
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
        Instant now = clock.instant();
        return tx.inTransaction(c -> {
            AuditRows.Row row = (Params.isUuid(id) ? rows.row(c, id, now) : java.util.Optional.<AuditRows.Row>empty())
                    .orElseThrow(() -> ProblemException.notFound("There is no request " + id + "."));
            Timeline timeline = timelines.timeline(c, id, e -> e.actor().name(), true);
            Map<String, CaseFile.Actor> actors = new LinkedHashMap<>();
            for (Timeline.Entry e : timeline.entries()) {
                actors.computeIfAbsent(e.actorRole() + "|" + e.actorName(), k -> new CaseFile.Actor(e.actorRole(), e.actorName(),
                        new ArrayList<>())).did().add(e.type());
            }
            return new CaseFile(row, timeline, List.copyOf(actors.values()));
        });
    }

    @Schema(name = "CaseFile")
    public record CaseFile(AuditRows.Row figures, Timeline timeline,
                           @Schema(description = "Who did what, in order of first appearance") List<Actor> actors) {

        @Schema(name = "CaseFileActor")
        public record Actor(String role, String name, List<String> did) {
        }
    }

    @GET
    @Path("reports/monthly")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getMonthlyReport", summary = "Monthly report (每月统计)", description = "One month's totals, the three rates, latencies and SLA, "
            + "by day, category, grid and team, and the rankings of teams and grids.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    public Report monthly(@Parameter(description = "The month, e.g. 2026-03 (default: this month)", schema = @Schema(pattern = "\\d{4}-\\d{2}"))
                          @QueryParam("month") String month) {
        ZoneId zone = ZoneId.of(config.zone());
        YearMonth ym;
        try {
            ym = month == null ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("month", "must look like 2026-03");
        }
        Instant from = ym.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return report(ym.getYear() + "年" + ym.getMonthValue() + "月 每月统计 (monthly report " + ym + ")", "monthly",
                ym.toString(), from, to, AuditQueries.Period.DAY);
    }

    @GET
    @Path("reports/quarterly")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getQuarterlyReport", summary = "Quarterly report (每季通报)", description = "One quarter's figures by month, category, grid and "
            + "team, and the rankings of teams and grids.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    public Report quarterly(@Parameter(description = "The quarter, e.g. 2026-Q1 (default: this quarter)",
            schema = @Schema(pattern = "\\d{4}-Q[1-4]")) @QueryParam("quarter") String quarter) {
        ZoneId zone = ZoneId.of(config.zone());
        int year;
        int q;
        if (quarter == null) {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            year = today.getYear();
            q = (today.getMonthValue() - 1) / 3 + 1;
        } else if (quarter.matches("\\d{4}-Q[1-4]")) {
            year = Integer.parseInt(quarter.substring(0, 4));
            q = quarter.charAt(6) - '0';
        } else {
            throw ProblemException.invalidField("quarter", "must look like 2026-Q1");
        }
        LocalDate start = LocalDate.of(year, (q - 1) * 3 + 1, 1);
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant to = start.plusMonths(3).atStartOfDay(zone).toInstant();
        return report(year + "年第" + q + "季度 每季通报 (quarterly report " + year + "-Q" + q + ")", "quarterly",
                year + "-Q" + q, from, to, AuditQueries.Period.MONTH);
    }

    @Schema(name = "AuditReport")
    public record Report(String title, String kind, String period, Instant from, Instant to, Instant generatedAt,
                         Map<String, String> definitions, AuditFigures totals, List<AuditFigures> byPeriod,
                         List<AuditFigures> byCategory, List<AuditFigures> byGrid, List<AuditFigures> byTeam,
                         List<Rankings.Ranking> rankings) {
    }

    private Report report(String title, String kind, String period, Instant from, Instant to, AuditQueries.Period unit) {
        Instant now = clock.instant();
        AuditQueries.Filter filter = new AuditQueries.Filter(from, to, null, null, null);
        return tx.inTransaction(c -> {
            List<AuditFigures> totals = queries.figures(c, filter, AuditQueries.GroupBy.NONE, null, now);
            List<AuditFigures> teams = queries.figures(c, filter, AuditQueries.GroupBy.TEAM, null, now);
            List<AuditFigures> grids = queries.figures(c, filter, AuditQueries.GroupBy.GRID, null, now);
            List<Rankings.Ranking> rankings = new ArrayList<>();
            List<AuditFigures> rankedTeams = teams.stream().filter(g -> !g.key().equals("(none)")).toList();
            for (Rankings.Measure m : List.of(Rankings.Measure.SATISFACTION, Rankings.Measure.RESOLUTION, Rankings.Measure.RESPONSE)) {
                rankings.add(Rankings.rank("team", m, config.rankingMinSample(), rankedTeams));
                rankings.add(Rankings.rank("grid", m, config.rankingMinSample(), grids));
            }
            AuditFigures total = totals.isEmpty() ? empty() : totals.get(0);
            return new Report(title, kind, period, from, to, now, new TreeMap<>(DEFINITIONS), total,
                    queries.figures(c, filter, AuditQueries.GroupBy.PERIOD, unit, now),
                    queries.figures(c, filter, AuditQueries.GroupBy.CATEGORY, null, now), grids, teams, rankings);
        });
    }

    private static AuditFigures empty() {
        AuditFigures.Stats none = new AuditFigures.Stats(0, null, null, null, null, null);
        AuditFigures.Sla sla = new AuditFigures.Sla(0, 0, AuditFigures.Rate.of(0, 0));
        return new AuditFigures("all", 0, 0, 0, 0, AuditFigures.Rate.of(0, 0), AuditFigures.Rate.of(0, 0),
                AuditFigures.Rate.of(0, 0), 0, 0, 0, new AuditFigures.Latencies(none, none, none, none, none, none, none),
                new AuditFigures.Slas(sla, sla, sla), 0, 0, 0, 0, 0);
    }

    private AuditQueries.Filter filter(String from, String to, String category, String grid, String teamId) {
        Instant end = to == null ? clock.instant().plusMillis(1) : instantOrDay("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : instantOrDay("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        return new AuditQueries.Filter(start, end, Params.text("category", category, 40), Params.text("grid", grid, 40),
                Params.text("teamId", teamId, 60));
    }

    /** A day (2026-03-01) is its start in the centre's zone, so clients never compute boundaries themselves. */
    private Instant instantOrDay(String name, String value) {
        if (value.length() == 10) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneId.of(config.zone())).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.invalidField(name, "must be an ISO-8601 day such as 2026-03-01 or an instant "
                        + "such as 2026-03-01T00:00:00Z");
            }
        }
        return Params.instant(name, value);
    }

    private static AuditQueries.GroupBy groupBy(String value) {
        return value == null ? AuditQueries.GroupBy.NONE
                : Params.enumValue(AuditQueries.GroupBy.class, "groupBy", value.toUpperCase(java.util.Locale.ROOT));
    }

    private static AuditQueries.Period period(String value) {
        return value == null ? AuditQueries.Period.MONTH
                : Params.enumValue(AuditQueries.Period.class, "period", value.toUpperCase(java.util.Locale.ROOT));
    }

    private static String breached(String value) {
        if (value == null) {
            return null;
        }
        if (!List.of("dispatch", "accept", "complete").contains(value)) {
            throw ProblemException.invalidField("breached", "must be dispatch, accept or complete");
        }
        return value;
    }
}
