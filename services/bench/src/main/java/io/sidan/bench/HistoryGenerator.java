package io.sidan.bench;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.events.CaseEvent;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.DispatchMode;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.RatingEvent;
import io.sidan.contracts.events.RejectionReason;
import io.sidan.contracts.events.RequestEvent;
import io.sidan.contracts.events.Scores;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.events.VolunteerHours;
import io.sidan.request.domain.AuditClocks;
import io.sidan.request.domain.CaseProgress;
import io.sidan.request.domain.RatingProgress;
import io.sidan.request.domain.RequestLifecycle;
import io.sidan.request.domain.RequestState;
import io.sidan.request.domain.Timed;
import io.sidan.request.projection.AuditProjection;
import io.sidan.request.projection.RequestViewProjection;

/**
 * Loads the request service's read model and audit projection with a large, realistic history: Poisson arrivals
 * over a span of time, a 311-style category mix (a few categories take most requests), urgencies
 * around each category's default, and the ways requests really go — cancelled, rejected, declined
 * and re-assigned, accept deadlines missed and escalated, late services, ratings with no response,
 * bad ratings followed up, reopened and done again; requests of the last days are still open.
 *
 * <p>Each request's events (its own stream, the dispatch stream, the rating stream) are folded by the
 * request service's own code — {@link RequestLifecycle} for the status, {@link AuditClocks} for the
 * figures, {@link RequestViewProjection#view} and {@link AuditProjection#write} for the rows — exactly
 * as the live projections do.
 */
final class HistoryGenerator {

    record Result(long requests, long events, Duration took) {
    }

    private static final int THREADS = 4;
    private static final int COMMIT_EVERY = 2_000;

    private final List<Category> categories;
    private final double[] categoryWeights;
    private final List<String> grids;
    private final List<String> teams;
    private final Instant end;
    private final Duration span;
    /** Working hours on weekdays, no holidays: what working-time categories count with when no notice was imported. */
    private final WorkingCalendar calendar = new WorkingCalendar(ZoneId.of("Asia/Shanghai"), WorkingCalendar.DEFAULT_HOURS, Map.of());

    HistoryGenerator(List<Category> categories, List<String> grids, List<String> teams, Instant end, Duration span) {
        this.categories = categories;
        this.grids = grids;
        this.teams = teams;
        this.end = end;
        this.span = span;
        // Zipf-like: the k-th category gets 1/k^1.1 of the weight
        categoryWeights = new double[categories.size()];
        for (int k = 0; k < categoryWeights.length; k++) {
            categoryWeights[k] = 1 / Math.pow(k + 1, 1.1);
        }
    }

    /**
     * Writes {@code count} requests' view and audit rows, submitted at Poisson arrivals in [end − span, end);
     * {@code batch} names them apart from other batches' (and seeds them differently).
     */
    Result generate(DataSource ds, int count, String batch) throws Exception {
        long started = System.nanoTime();
        AtomicLong events = new AtomicLong();
        AuditProjection projection = AuditProjection.inZone(Clock.systemUTC(), ZoneId.of("Asia/Shanghai")); // sidan.centre.zone
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> slices = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int slice = t;
                slices.add(pool.submit(() -> {
                    writeSlice(ds, projection, batch, slice, count, events);
                    return null;
                }));
            }
            for (Future<?> f : slices) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(count, events.get(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** Each thread takes an equal share of the span and its own Poisson arrivals in it. */
    private void writeSlice(DataSource ds, AuditProjection projection, String batch, int slice, int count, AtomicLong events)
            throws Exception {
        Random random = new Random(42 + slice + 31L * batch.hashCode());
        int mine = count / THREADS + (slice < count % THREADS ? 1 : 0);
        long sliceMillis = span.toMillis() / THREADS;
        Instant at = end.minus(span).plusMillis(slice * sliceMillis);
        double meanGapMillis = (double) sliceMillis / mine;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < mine; i++) {
                at = at.plusMillis(Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis));
                History h = history(random, "gen-" + batch + "-" + slice + "-" + i, at);
                events.addAndGet(h.size());
                RequestLifecycle life = h.lifecycle();
                RequestViewProjection.write(c, RequestViewProjection.view(h.submitted, life, h.submitted.requesterName(),
                        h.own.size(), h.dispatch.size() + h.rating.size(), end));
                projection.write(c, AuditClocks.compute(h.submitted, h.submittedAt, life.status(), h.own, h.dispatch,
                        h.rating, calendar));
                if ((i + 1) % COMMIT_EVERY == 0) {
                    c.commit();
                }
            }
            c.commit();
        }
    }

    /** A request's three streams up to now (events after {@code end} have not happened yet). */
    private final class History {
        final RequestEvent.Submitted submitted;
        final Instant submittedAt;
        final List<Timed<RequestEvent>> own = new ArrayList<>();
        final List<Timed<CaseEvent>> dispatch = new ArrayList<>();
        final List<Timed<RatingEvent>> rating = new ArrayList<>();

        History(RequestEvent.Submitted submitted, Instant at) {
            this.submitted = submitted;
            this.submittedAt = at;
            own(submitted, at);
        }

        void own(RequestEvent e, Instant at) {
            if (at.isBefore(end)) {
                own.add(new Timed<>(e, at));
            }
        }

        void dispatch(CaseEvent e, Instant at) {
            if (at.isBefore(end)) {
                dispatch.add(new Timed<>(e, at));
            }
        }

        void rating(RatingEvent e, Instant at) {
            if (at.isBefore(end)) {
                rating.add(new Timed<>(e, at));
            }
        }

        int size() {
            return own.size() + dispatch.size() + rating.size();
        }

        RequestLifecycle lifecycle() {
            RequestState r = RequestState.NONE;
            for (Timed<RequestEvent> t : own) {
                r = r.evolve(t.event(), t.at());
            }
            CaseProgress c = CaseProgress.NONE;
            for (Timed<CaseEvent> t : dispatch) {
                c = c.evolve(t.event(), t.at());
            }
            RatingProgress p = RatingProgress.NONE;
            for (Timed<RatingEvent> t : rating) {
                p = p.evolve(t.event(), t.at());
            }
            return new RequestLifecycle(r, c, p);
        }
    }

    private History history(Random random, String id, Instant t0) {
        Category category = categories.get(pick(random, categoryWeights));
        Urgency urgency = random.nextDouble() < 0.85 ? category.defaultUrgency() : Urgency.values()[random.nextInt(Urgency.values().length)];
        SlaTargets sla = category.sla().containsKey(urgency) ? category.slaFor(urgency)
                : category.sla().values().iterator().next();
        String grid = grids.get(random.nextInt(grids.size()));
        Channel channel = random.nextDouble() < 0.6 ? Channel.APP : Channel.values()[random.nextInt(Channel.values().length)];
        TimeWindow window = null;
        if (random.nextDouble() < 0.2) { // the resident asks for a later time
            Instant from = t0.plus(minutes(random, 60, 48 * 60));
            window = new TimeWindow(from, from.plus(Duration.ofHours(2)));
        }
        String resident = "resident-" + random.nextInt(200_000);
        History h = new History(new RequestEvent.Submitted(id, resident, "居民" + resident.substring(9), channel, category.code(),
                null, category.nameZh() + "求助", "生成的历史诉求", new Location(grid, grid + "网格某小区", null, null), urgency,
                "13800000000", window, sla), t0);

        double outcome = random.nextDouble();
        if (outcome < 0.02) { // withdrawn before anyone was sent
            h.own(new RequestEvent.Cancelled(id, "已自行解决"), t0.plus(minutes(random, 2, 60)));
            return h;
        }
        if (outcome < 0.035) {
            h.dispatch(new CaseEvent.Rejected(id, RejectionReason.OUTSIDE_SERVICE_AREA, "不属于服务范围", null),
                    t0.plus(minutes(random, 2, 30)));
            return h;
        }
        String team = teams.get(random.nextInt(teams.size()));
        Instant at = t0.plus(random.nextDouble() < 0.05 ? late(random, sla.dispatchMinutes())
                : logNormalMinutes(random, sla.dispatchMinutes() * 0.4));
        int attempt = 1;
        // declines and missed accept deadlines before someone accepts
        while (true) {
            Instant acceptBy = at.plus(Duration.ofMinutes(sla.acceptMinutes()));
            h.dispatch(new CaseEvent.Assigned(id, team, DispatchMode.DIRECTIVE, acceptBy, attempt, null), at);
            double r = random.nextDouble();
            if (attempt < 3 && r < 0.07) {
                at = at.plus(minutes(random, 2, Math.max(3, sla.acceptMinutes())));
                h.dispatch(new CaseEvent.Declined(id, team, "人手不足", attempt), at);
            } else if (attempt < 3 && r < 0.11) {
                at = acceptBy;
                h.dispatch(new CaseEvent.AcceptExpired(id, List.of(team), acceptBy, attempt), at);
                h.dispatch(new CaseEvent.Escalated(id, 1, "接单超时"), at);
            } else {
                break;
            }
            team = otherTeam(random, team);
            at = at.plus(minutes(random, 1, 30));
            attempt++;
        }
        at = at.plus(logNormalMinutes(random, sla.acceptMinutes() * 0.3));
        h.dispatch(new CaseEvent.Accepted(id, team, DispatchMode.DIRECTIVE, attempt), at);
        if (random.nextDouble() < 0.01) {
            h.own(new RequestEvent.Cancelled(id, "不再需要"), at.plus(minutes(random, 5, 120)));
            return h;
        }
        int round = 1;
        Instant completedAt = serve(h, random, id, team, category, grid, resident, window, at, sla, round);
        boolean reopen = random.nextDouble() < 0.02;
        Instant finalizedAt = rate(h, random, id, team, resident, completedAt, round, reopen);
        if (reopen) { // follow-up (回头看): back to dispatch, done again, rated again
            round = 2;
            Instant reopenedAt = finalizedAt.plus(minutes(random, 60, 3 * 24 * 60));
            h.own(new RequestEvent.Reopened(id, "问题未解决", 1), reopenedAt);
            h.dispatch(new CaseEvent.Reopened(id, "问题未解决", 1, 1), reopenedAt.plusSeconds(1));
            at = reopenedAt.plus(logNormalMinutes(random, sla.dispatchMinutes() * 0.4));
            h.dispatch(new CaseEvent.Assigned(id, team, DispatchMode.DIRECTIVE, at.plus(Duration.ofMinutes(sla.acceptMinutes())),
                    attempt + 1, null), at);
            at = at.plus(logNormalMinutes(random, sla.acceptMinutes() * 0.3));
            h.dispatch(new CaseEvent.Accepted(id, team, DispatchMode.DIRECTIVE, attempt + 1), at);
            completedAt = serve(h, random, id, team, category, grid, resident, null, at, sla, round);
            finalizedAt = rate(h, random, id, team, resident, completedAt, round, false);
        }
        h.own(new RequestEvent.Closed(id, round, null), finalizedAt.plusSeconds(1));
        return h;
    }

    /** On site and done; returns when it was completed. */
    private static Instant serve(History h, Random random, String id, String team, Category category, String grid, String resident,
                                 TimeWindow window, Instant acceptedAt, SlaTargets sla, int round) {
        Instant startAt = window != null && window.from().isAfter(acceptedAt) ? window.from() : acceptedAt;
        Instant started = startAt.plus(logNormalMinutes(random, 40));
        h.dispatch(new CaseEvent.ServiceStarted(id, team), started);
        // most are done well within the SLA, one in ten late
        Instant completed = started.plus(random.nextDouble() < 0.1 ? late(random, sla.completeMinutes())
                : logNormalMinutes(random, Math.max(20, sla.completeMinutes() * 0.15)));
        h.dispatch(new CaseEvent.ServiceCompleted(id, team, "已完成", List.of(new VolunteerHours(team + "-v1", "志愿者", 1.5)), List.of(),
                resident, category.code(), grid, round), completed);
        return completed;
    }

    /** The parties rate (or not); bad ratings are flagged and followed up; returns when the sheet was final. */
    private static Instant rate(History h, Random random, String id, String team, String resident, Instant completedAt, int round,
                                boolean badOnPurpose) {
        Instant at = completedAt;
        List<RatingEvent.PartyResult> results = new ArrayList<>();
        List<Party> noResponse = new ArrayList<>();
        for (Party party : List.of(Party.RESIDENT, Party.DISPATCHER)) {
            boolean rates = party == Party.RESIDENT ? random.nextDouble() < 0.85 : random.nextDouble() < 0.95;
            if (!rates) {
                noResponse.add(party);
                continue;
            }
            at = at.plus(minutes(random, 5, 24 * 60));
            int overall = badOnPurpose && party == Party.RESIDENT ? 2 : overall(random);
            String rater = party == Party.RESIDENT ? resident : "dispatcher1";
            h.rating(new RatingEvent.Submitted(id, round, party, rater, new Scores(overall, overall, overall, overall), null), at);
            if (overall <= 2) {
                h.rating(new RatingEvent.Flagged(id, round, party, rater, overall, "不满意"), at);
                if (random.nextDouble() < 0.8) {
                    h.rating(new RatingEvent.FollowedUp(id, round, "已回访", badOnPurpose), at.plus(minutes(random, 30, 48 * 60)));
                }
            }
            results.add(new RatingEvent.PartyResult(party, overall, party == Party.RESIDENT ? 0.6 : 0.4));
        }
        Instant finalized = noResponse.isEmpty() ? at.plusSeconds(1) : completedAt.plus(Duration.ofDays(7));
        double weight = results.stream().mapToDouble(RatingEvent.PartyResult::weight).sum();
        Double composite = results.isEmpty() ? null
                : results.stream().mapToDouble(r -> r.overall() * r.weight()).sum() / weight;
        h.rating(new RatingEvent.Finalized(id, round, team, composite, List.copyOf(results), List.copyOf(noResponse),
                noResponse.isEmpty() ? RatingEvent.FinalizationReason.ALL_RATED : RatingEvent.FinalizationReason.WINDOW_ENDED), finalized);
        return finalized;
    }

    private String otherTeam(Random random, String team) {
        if (teams.size() < 2) {
            return team;
        }
        String other;
        do {
            other = teams.get(random.nextInt(teams.size()));
        } while (other.equals(team));
        return other;
    }

    /** 5 非常满意 60 %, 4 满意 25 %, 3 一般 8 %, 2 不满意 4 %, 1 非常不满意 3 %. */
    private static int overall(Random random) {
        double r = random.nextDouble();
        return r < 0.60 ? 5 : r < 0.85 ? 4 : r < 0.93 ? 3 : r < 0.97 ? 2 : 1;
    }

    private static int pick(Random random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static Duration minutes(Random random, int from, int to) {
        return Duration.ofSeconds(60L * from + (long) (random.nextDouble() * 60L * (to - from)));
    }

    /** Past the SLA: between one and three times its minutes. */
    private static Duration late(Random random, int slaMinutes) {
        return Duration.ofSeconds(Math.round(slaMinutes * 60 * (1 + 2 * random.nextDouble())));
    }

    /** A long-tailed delay with the given median (sigma 0.9): most on time, some far too late. */
    private static Duration logNormalMinutes(Random random, double median) {
        double minutes = Math.max(0.2, median) * Math.exp(0.9 * random.nextGaussian());
        return Duration.ofSeconds(Math.round(minutes * 60));
    }
}
