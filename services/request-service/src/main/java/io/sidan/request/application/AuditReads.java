package io.sidan.request.application;

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

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotFound;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.config.CentreConfig;
import io.sidan.request.config.AuditConfig;
import io.sidan.request.projection.AuditFigures;
import io.sidan.request.projection.AuditQueries;
import io.sidan.request.projection.AuditReport;
import io.sidan.request.projection.AuditTally;
import io.sidan.request.projection.AuditRows;
import io.sidan.request.projection.CaseFile;
import io.sidan.request.projection.Rankings;
import io.sidan.request.projection.Timeline;
import io.sidan.request.projection.TimelineQuery;

/**
 * 管理审计 for admins: figures, rankings, single requests' figures, case files and the monthly and
 * quarterly reports, each read in one transaction. Periods are days in the centre's time zone
 * ({@code sidan.centre.zone}): a day given as {@code 2026-03-01} is its start there, so no client computes
 * boundaries itself.
 */
@ApplicationScoped
public class AuditReads {

    public static final Map<String, String> DEFINITIONS = Map.of(
            "responseRate", "响应率 response rate: requests dispatched within their dispatch SLA / all requests submitted",
            "resolutionRate", "办结率 resolution rate: requests completed (COMPLETED, RATED or CLOSED) / requests submitted "
                    + "minus those cancelled or rejected",
            "satisfactionRate", "满意率 satisfaction rate: ratings with overall ≥ 4 / ratings received from residents, the "
                    + "platform and reviewers (the team's own rating never counts); expected ratings that never came are "
                    + "not counted and are shown as noResponse",
            "percentiles", "Latencies in seconds; p50/p90/p99 by nearest rank (the smallest value with at least that share "
                    + "of the values at or below it), within 1 % of the exact value (a mergeable sketch); count, mean and max exact",
            "sla", "A clock is on time when it stopped within its SLA; one still running past its due time counts as breached");

    /** The most rows one export holds. */
    public static final int EXPORT_LIMIT = 100_000;

    private final AuditQueries queries;
    private final AuditRows rows;
    private final TimelineQuery timelines;
    private final AuditConfig config;
    private final CentreConfig centre;
    private final Transactions tx;
    private final Clock clock;

    public AuditReads(AuditQueries queries, AuditRows rows, TimelineQuery timelines, AuditConfig config,
                      CentreConfig centre, Transactions tx, Clock clock) {
        this.queries = queries;
        this.rows = rows;
        this.timelines = timelines;
        this.config = config;
        this.centre = centre;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Requests submitted in [from, to): an instant, or a day in the centre's zone. By default whole days: the
     * 30 days up to and including today (so the figures come from the roll-ups, not from rows of cut days).
     */
    public AuditQueries.Filter filter(String from, String to, String category, String grid, String teamId) {
        LocalDate today = LocalDate.now(clock.withZone(zone()));
        Instant end = to == null ? today.plusDays(1).atStartOfDay(zone()).toInstant() : instantOrDay("to", to);
        Instant start = from == null
                ? to == null ? today.minusDays(29).atStartOfDay(zone()).toInstant() : end.minus(Duration.ofDays(30))
                : instantOrDay("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidInput("to", "must be after from");
        }
        return new AuditQueries.Filter(start, end, category, grid, teamId);
    }

    public List<AuditFigures> figures(AuditQueries.Filter filter, AuditQueries.GroupBy by, AuditQueries.Period period) {
        Instant now = clock.instant();
        return tx.inTransaction(c -> {
            AuditQueries.oneSnapshot(c);
            return queries.figures(c, filter, by, period, now);
        });
    }

    /** Teams or grids ranked by one measure; groups below the minimum sample are listed apart, unranked. */
    public Rankings.Ranking ranking(AuditQueries.Filter filter, String dimension, Rankings.Measure measure) {
        if (!dimension.equals("team") && !dimension.equals("grid")) {
            throw new InvalidInput("dimension", "must be team or grid");
        }
        List<AuditFigures> groups = figures(filter,
                dimension.equals("team") ? AuditQueries.GroupBy.TEAM : AuditQueries.GroupBy.GRID, null);
        return Rankings.rank(dimension, measure, config.rankingMinSample(),
                groups.stream().filter(g -> !g.key().equals("(none)")).toList());
    }

    /** Single requests' figures, oldest first; {@code breached} keeps those whose clock was (or is) late. */
    public List<AuditRows.Row> rows(AuditQueries.Filter filter, String breached, int page, int size) {
        if (breached != null && !AuditTally.CLOCKS.contains(breached)) {
            throw new InvalidInput("breached", "must be dispatch, accept or complete");
        }
        Instant now = clock.instant();
        return tx.inTransaction(c -> {
            AuditQueries.planForTheirValues(c);
            return rows.rows(c, filter, breached, now, page, size);
        });
    }

    public CaseFile caseFile(String requestId) {
        Instant now = clock.instant();
        return tx.inTransaction(c -> {
            AuditRows.Row row = (Ids.isUuid(requestId) ? rows.row(c, requestId, now) : java.util.Optional.<AuditRows.Row>empty())
                    .orElseThrow(() -> new NotFound("There is no request " + requestId + "."));
            Timeline timeline = timelines.timeline(c, requestId, e -> e.actor().name(), true);
            Map<String, CaseFile.Actor> actors = new LinkedHashMap<>();
            for (Timeline.Entry e : timeline.entries()) {
                actors.computeIfAbsent(e.actorRole() + "|" + e.actorName(), k -> new CaseFile.Actor(e.actorRole(), e.actorName(),
                        new ArrayList<>())).did().add(e.type());
            }
            return new CaseFile(row, timeline, List.copyOf(actors.values()));
        });
    }

    /** The report of a month such as {@code 2026-03}; this month in the centre's zone when null. */
    public AuditReport monthly(String month) {
        ZoneId zone = zone();
        YearMonth ym;
        try {
            ym = month == null ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("month", "must look like 2026-03");
        }
        Instant from = ym.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = ym.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        return report(ym.getYear() + "年" + ym.getMonthValue() + "月 每月统计 (monthly report " + ym + ")", "monthly",
                ym.toString(), from, to, AuditQueries.Period.DAY);
    }

    /** The report of a quarter such as {@code 2026-Q1}; this quarter in the centre's zone when null. */
    public AuditReport quarterly(String quarter) {
        ZoneId zone = zone();
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
            throw new InvalidInput("quarter", "must look like 2026-Q1");
        }
        LocalDate start = LocalDate.of(year, (q - 1) * 3 + 1, 1);
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant to = start.plusMonths(3).atStartOfDay(zone).toInstant();
        return report(year + "年第" + q + "季度 每季通报 (quarterly report " + year + "-Q" + q + ")", "quarterly",
                year + "-Q" + q, from, to, AuditQueries.Period.MONTH);
    }

    private AuditReport report(String title, String kind, String period, Instant from, Instant to, AuditQueries.Period unit) {
        Instant now = clock.instant();
        AuditQueries.Filter filter = new AuditQueries.Filter(from, to, null, null, null);
        return tx.inTransaction(c -> {
            AuditQueries.oneSnapshot(c);
            // the range read at three levels: per category (also the totals and the periods), per grid, per team
            boolean byDay = AuditQueries.byDay(AuditQueries.GroupBy.PERIOD, unit);
            List<AuditQueries.Part> byCategory = queries.parts(c, filter, AuditQueries.Level.CATEGORY, byDay, now,
                    AuditQueries.Source.ROLL_UPS);
            List<AuditFigures> totals = AuditQueries.group(byCategory, AuditQueries.GroupBy.NONE, null);
            List<AuditFigures> teams = AuditQueries.group(queries.parts(c, filter, AuditQueries.Level.TEAM, false, now,
                    AuditQueries.Source.ROLL_UPS), AuditQueries.GroupBy.TEAM, null);
            List<AuditFigures> grids = AuditQueries.group(queries.parts(c, filter, AuditQueries.Level.GRID, false, now,
                    AuditQueries.Source.ROLL_UPS), AuditQueries.GroupBy.GRID, null);
            List<Rankings.Ranking> rankings = new ArrayList<>();
            List<AuditFigures> rankedTeams = teams.stream().filter(g -> !g.key().equals("(none)")).toList();
            for (Rankings.Measure m : List.of(Rankings.Measure.SATISFACTION, Rankings.Measure.RESOLUTION, Rankings.Measure.RESPONSE)) {
                rankings.add(Rankings.rank("team", m, config.rankingMinSample(), rankedTeams));
                rankings.add(Rankings.rank("grid", m, config.rankingMinSample(), grids));
            }
            AuditFigures total = totals.isEmpty() ? empty() : totals.get(0);
            return new AuditReport(title, kind, period, from, to, now, new TreeMap<>(DEFINITIONS), total,
                    AuditQueries.group(byCategory, AuditQueries.GroupBy.PERIOD, unit),
                    AuditQueries.group(byCategory, AuditQueries.GroupBy.CATEGORY, null), grids, teams, rankings);
        });
    }

    private static AuditFigures empty() {
        AuditFigures.Stats none = new AuditFigures.Stats(0, null, null, null, null, null);
        AuditFigures.Sla sla = new AuditFigures.Sla(0, 0, AuditFigures.Rate.of(0, 0));
        return new AuditFigures("all", 0, 0, 0, 0, AuditFigures.Rate.of(0, 0), AuditFigures.Rate.of(0, 0),
                AuditFigures.Rate.of(0, 0), 0, 0, 0, new AuditFigures.Latencies(none, none, none, none, none, none, none),
                new AuditFigures.Slas(sla, sla, sla), 0, 0, 0, 0, 0);
    }

    private ZoneId zone() {
        return centre.zone();
    }

    private Instant instantOrDay(String name, String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(zone()).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "must be an ISO-8601 day such as 2026-03-01 or an instant "
                    + "such as 2026-03-01T00:00:00Z");
        }
    }
}
