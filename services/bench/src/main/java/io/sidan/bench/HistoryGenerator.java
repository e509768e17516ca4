package io.sidan.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.sidan.contracts.Topics;
import io.sidan.contracts.calendar.WorkingCalendar;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.envelope.EventEnvelope;
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
import io.sidan.dispatch.domain.CaseCommand;
import io.sidan.dispatch.domain.CaseDecider;
import io.sidan.dispatch.domain.CaseState;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.EventStore.PastEvent;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.rating.domain.RatingPolicy;
import io.sidan.rating.domain.Scoring;
import io.sidan.rating.domain.SheetCommand;
import io.sidan.rating.domain.SheetDecider;
import io.sidan.rating.domain.SheetState;
import io.sidan.request.projection.ReceivedEvents;

/**
 * Writes a large, realistic history into the event stores of all three services, as they would have
 * written it: Poisson arrivals over a span of time, a 311-style category mix (a few categories take most
 * requests), urgencies around each category's default, and the ways requests really go — cancelled,
 * rejected, declined and re-assigned, accept deadlines missed and escalated, late services, ratings with
 * no response, bad ratings followed up, reopened and done again; requests of the last days are still open.
 *
 * <p>Per request: its own stream in the request service's store, its case in the dispatch service's (opened
 * by {@link CaseDecider}), its rating sheet in the rating service's (every rating, follow-up and window's end
 * decided by {@link SheetDecider} with the default policy), and the request service's copies of the other two
 * (its received events); each team's reputation stream follows its rated sheets. Every stream is sealed
 * by {@link EventStore#seal} (envelopes, versions, hash chain) and written with {@link EventStore#importHistory}:
 * nothing goes to the outboxes. The read models are not written here: the services' projection rebuilds
 * make them from these stores.
 */
final class HistoryGenerator {

    /** The databases of the three services. */
    record Stores(DataSource request, DataSource dispatch, DataSource rating) {
    }

    record Result(long requests, long requestEvents, long dispatchEvents, long ratingEvents, long receivedEvents, Duration took) {
        long events() {
            return requestEvents + dispatchEvents + ratingEvents;
        }
    }

    private static final int THREADS = 4;
    private static final int CHUNK = 1_000;
    private static final String DISPATCHER = "dispatcher1";
    private static final String ADMIN = "admin1";
    private static final String REVIEWER = "reviewer1";
    private static final RatingPolicy POLICY = RatingPolicy.DEFAULT;

    private final List<Category> categories;
    private final double[] categoryWeights;
    private final List<String> grids;
    private final List<String> teams;
    private final Instant end;
    private final Duration span;
    /** Working hours on weekdays, no holidays: what working-time categories count with when no notice was imported. */
    private final WorkingCalendar calendar = new WorkingCalendar(ZoneId.of("Asia/Shanghai"), WorkingCalendar.DEFAULT_HOURS, Map.of());
    private final EventStore requestStore = store("request-service");
    private final EventStore dispatchStore = store("dispatch-service");
    private final EventStore ratingStore = store("rating-service");

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

    private static EventStore store(String service) {
        return new EventStore(service, EventCatalogue.standard(), Topics::of, Clock.systemUTC());
    }

    /** A sheet finalized with a composite: what the team's reputation stream follows. */
    private record RatedSheet(String teamId, Instant at, double composite, String requestId) {
    }

    /**
     * Writes {@code count} requests' streams, submitted at Poisson arrivals in [end − span, end);
     * {@code batch} names them apart from other batches' (and seeds them differently).
     */
    Result generate(Stores stores, int count, String batch) throws Exception {
        long started = System.nanoTime();
        AtomicLong[] written = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
        ConcurrentLinkedQueue<RatedSheet> rated = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> slices = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int slice = t;
                slices.add(pool.submit(() -> {
                    writeSlice(stores, batch, slice, count, written, rated);
                    return null;
                }));
            }
            for (Future<?> f : slices) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        written[2].addAndGet(writeReputations(stores.rating(), rated));
        return new Result(count, written[0].get(), written[1].get(), written[2].get(), written[3].get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Each thread takes an equal share of the span and its own Poisson arrivals in it; commits every chunk. */
    private void writeSlice(Stores stores, String batch, int slice, int count, AtomicLong[] written,
                            ConcurrentLinkedQueue<RatedSheet> rated) throws Exception {
        Random random = new Random(42 + slice + 31L * batch.hashCode());
        int mine = count / THREADS + (slice < count % THREADS ? 1 : 0);
        long sliceMillis = span.toMillis() / THREADS;
        Instant at = end.minus(span).plusMillis(slice * sliceMillis);
        double meanGapMillis = (double) sliceMillis / mine;
        ReceivedEvents received = new ReceivedEvents();
        try (Connection request = stores.request().getConnection(); Connection dispatch = stores.dispatch().getConnection();
             Connection rating = stores.rating().getConnection()) {
            for (Connection c : List.of(request, dispatch, rating)) {
                c.setAutoCommit(false);
            }
            int i = 0;
            while (i < mine) {
                List<StoredEvent> own = new ArrayList<>();
                List<StoredEvent> cases = new ArrayList<>();
                List<StoredEvent> sheets = new ArrayList<>();
                List<Map.Entry<String, EventEnvelope>> copies = new ArrayList<>();
                for (int n = 0; n < CHUNK && i < mine; n++, i++) {
                    at = at.plusMillis(Math.round(-Math.log(1 - random.nextDouble()) * meanGapMillis));
                    String id = "gen-" + batch + "-" + slice + "-" + i;
                    History h = history(random, id, at);
                    own.addAll(requestStore.seal(id, h.own(), id));
                    List<StoredEvent> caseStream = dispatchStore.seal(id, h.dispatch(), id);
                    List<StoredEvent> sheetStream = ratingStore.seal(id, h.rating(), id);
                    cases.addAll(caseStream);
                    sheets.addAll(sheetStream);
                    for (StoredEvent e : caseStream) {
                        copies.add(Map.entry(id, e.envelope()));
                    }
                    for (StoredEvent e : sheetStream) {
                        copies.add(Map.entry(id, e.envelope()));
                    }
                    rated.addAll(h.rated);
                }
                written[0].addAndGet(requestStore.importHistory(request, own));
                written[1].addAndGet(dispatchStore.importHistory(dispatch, cases));
                written[2].addAndGet(ratingStore.importHistory(rating, sheets));
                written[3].addAndGet(received.importAll(request, copies));
                for (Connection c : List.of(request, dispatch, rating)) {
                    c.commit();
                }
            }
        }
    }

    /**
     * Each team's reputation stream, as the rating service appends to it after every sheet finalized with a
     * composite: the mean of the team's latest composites, in the order the sheets were finalized. Goes on
     * from where the stream stands (the system's own ratings, an earlier batch).
     */
    private long writeReputations(DataSource rating, ConcurrentLinkedQueue<RatedSheet> rated) throws Exception {
        Map<String, List<RatedSheet>> byTeam = new HashMap<>();
        for (RatedSheet r : rated) {
            byTeam.computeIfAbsent(r.teamId(), t -> new ArrayList<>()).add(r);
        }
        long written = 0;
        try (Connection c = rating.getConnection()) {
            c.setAutoCommit(false);
            for (Map.Entry<String, List<RatedSheet>> team : byTeam.entrySet()) {
                List<RatedSheet> sheets = team.getValue();
                sheets.sort(Comparator.comparing(RatedSheet::at).thenComparing(RatedSheet::requestId));
                Deque<Double> latest = new ArrayDeque<>();
                List<PastEvent> events = new ArrayList<>(sheets.size());
                for (RatedSheet r : sheets) {
                    latest.addFirst(r.composite());
                    if (latest.size() > POLICY.reputationWindow()) {
                        latest.removeLast();
                    }
                    events.add(new PastEvent(new RatingEvent.ReputationChanged(team.getKey(), Scoring.reputation(List.copyOf(latest)),
                            latest.size(), POLICY.reputationWindow(), r.requestId()), r.at(), Actor.system(ratingStore.source())));
                }
                String stream = "reputation:" + team.getKey();
                long version = 0;
                String hash = null;
                try (PreparedStatement s = c.prepareStatement("select version, hash from event_store where stream_id = ? "
                        + "order by version desc limit 1")) {
                    s.setString(1, stream);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            version = rs.getLong(1);
                            hash = rs.getString(2);
                        }
                    }
                }
                for (int from = 0; from < events.size(); from += 10 * CHUNK) {
                    List<PastEvent> part = events.subList(from, Math.min(events.size(), from + 10 * CHUNK));
                    List<StoredEvent> sealed = ratingStore.seal(stream, version, hash, part, null);
                    written += ratingStore.importHistory(c, sealed);
                    StoredEvent last = sealed.get(sealed.size() - 1);
                    version = last.envelope().streamVersion();
                    hash = last.envelope().hash();
                    c.commit();
                }
            }
        }
        return written;
    }

    /** A request's three streams up to now (events after {@code end} have not happened yet). */
    private final class History {
        private final List<PastEvent> own = new ArrayList<>();
        private final List<PastEvent> dispatch = new ArrayList<>();
        private final List<PastEvent> rating = new ArrayList<>();
        private final List<RatedSheet> rated = new ArrayList<>();
        private final Actor resident;
        private CaseState caseState = CaseState.NONE;
        private SheetState sheet = SheetState.NONE;
        /** The last finalized sheet's composite. */
        private Double composite;

        History(Actor resident) {
            this.resident = resident;
        }

        void own(RequestEvent e, Instant at, Actor actor) {
            if (at.isBefore(end)) {
                own.add(new PastEvent(e, at, actor));
            }
        }

        void dispatch(CaseEvent e, Instant at, Actor actor) {
            if (at.isBefore(end)) {
                dispatch.add(new PastEvent(e, at, actor));
                caseState = CaseDecider.evolve(caseState, e, at);
            }
        }

        /** What the dispatch service decides on a command, at {@code at}. */
        void dispatch(CaseCommand command, Instant at, Actor actor) {
            for (CaseEvent e : CaseDecider.decide(command, caseState)) {
                dispatch(e, at, actor);
            }
        }

        /** What the rating service decides on a command, at {@code at}; when the sheet was finalized, if this did it. */
        Instant rate(SheetCommand command, Instant at, Actor actor) {
            if (!at.isBefore(end)) {
                return null;
            }
            List<RatingEvent> events;
            try {
                events = SheetDecider.decide(command, sheet, POLICY);
            } catch (Rejection e) {
                return null; // e.g. a rating after the window: the service would have refused it too
            }
            Instant finalized = null;
            for (RatingEvent e : events) {
                rating.add(new PastEvent(e, at, actor));
                sheet = SheetDecider.evolve(sheet, e, at);
                if (e instanceof RatingEvent.Finalized f) {
                    finalized = at;
                    composite = f.composite();
                    if (f.composite() != null) {
                        rated.add(new RatedSheet(f.teamId(), at, f.composite(), f.requestId()));
                    }
                }
            }
            return finalized;
        }

        List<PastEvent> own() {
            return own;
        }

        List<PastEvent> dispatch() {
            return dispatch;
        }

        List<PastEvent> rating() {
            return rating;
        }
    }

    private static Actor team(String teamId) {
        return new Actor(Actor.TEAM, teamId, teamId);
    }

    private static final Actor DISPATCH_SYSTEM = Actor.system("dispatch-service");
    private static final Actor RATING_SYSTEM = Actor.system("rating-service");
    private static final Actor REQUEST_SYSTEM = Actor.system("request-service");
    private static final Actor DISPATCHER_ACTOR = new Actor(Actor.DISPATCHER, DISPATCHER, "调度员");

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
        String residentId = "resident-" + random.nextInt(200_000);
        String residentName = "居民" + residentId.substring(9);
        Actor resident = new Actor(Actor.RESIDENT, residentId, residentName);
        History h = new History(resident);
        RequestEvent.Submitted submitted = new RequestEvent.Submitted(id, residentId, residentName, channel, category.code(),
                null, category.nameZh() + "求助", "生成的历史诉求", new Location(grid, grid + "网格某小区", null, null), urgency,
                "13800000000", window, sla);
        h.own(submitted, t0, resident);
        // the dispatch service opens the case when the submission reaches it
        h.dispatch(new CaseCommand.Open(id, residentId, category.code(), grid, urgency, submitted.title(), t0, sla,
                window == null ? null : window.from()).dueBy(calendar), t0.plusMillis(50), DISPATCH_SYSTEM);

        double outcome = random.nextDouble();
        if (outcome < 0.02) { // withdrawn before anyone was sent
            Instant cancelled = t0.plus(minutes(random, 2, 60));
            h.own(new RequestEvent.Cancelled(id, "已自行解决"), cancelled, resident);
            h.dispatch(new CaseEvent.Cancelled(id, "已自行解决"), cancelled.plusMillis(50), DISPATCH_SYSTEM);
            return h;
        }
        if (outcome < 0.035) {
            h.dispatch(new CaseEvent.Rejected(id, RejectionReason.OUTSIDE_SERVICE_AREA, "不属于服务范围", null),
                    t0.plus(minutes(random, 2, 30)), DISPATCHER_ACTOR);
            return h;
        }
        String team = teams.get(random.nextInt(teams.size()));
        Instant at = t0.plus(random.nextDouble() < 0.05 ? late(random, sla.dispatchMinutes())
                : logNormalMinutes(random, sla.dispatchMinutes() * 0.4));
        int attempt = 1;
        // declines and missed accept deadlines before someone accepts
        while (true) {
            Instant acceptBy = at.plus(Duration.ofMinutes(sla.acceptMinutes()));
            h.dispatch(new CaseEvent.Assigned(id, team, DispatchMode.DIRECTIVE, acceptBy, attempt, null), at, DISPATCHER_ACTOR);
            double r = random.nextDouble();
            if (attempt < 3 && r < 0.07) {
                at = at.plus(minutes(random, 2, Math.max(3, sla.acceptMinutes())));
                h.dispatch(new CaseEvent.Declined(id, team, "人手不足", attempt), at, team(team));
            } else if (attempt < 3 && r < 0.11) {
                at = acceptBy;
                h.dispatch(new CaseEvent.AcceptExpired(id, List.of(team), acceptBy, attempt), at, DISPATCH_SYSTEM);
                h.dispatch(new CaseEvent.Escalated(id, 1, "接单超时"), at, DISPATCH_SYSTEM);
            } else {
                break;
            }
            team = otherTeam(random, team);
            at = at.plus(minutes(random, 1, 30));
            attempt++;
        }
        at = at.plus(logNormalMinutes(random, sla.acceptMinutes() * 0.3));
        h.dispatch(new CaseEvent.Accepted(id, team, DispatchMode.DIRECTIVE, attempt), at, team(team));
        if (random.nextDouble() < 0.01) {
            Instant cancelled = at.plus(minutes(random, 5, 120));
            h.own(new RequestEvent.Cancelled(id, "不再需要"), cancelled, resident);
            h.dispatch(new CaseEvent.Cancelled(id, "不再需要"), cancelled.plusMillis(50), DISPATCH_SYSTEM);
            return h;
        }
        int round = 1;
        Instant completedAt = serve(h, random, id, team, category, grid, residentId, window, at, sla, round);
        boolean reopen = random.nextDouble() < 0.02;
        Instant finalizedAt = rate(h, random, completedAt, reopen);
        if (finalizedAt == null) {
            return h; // still being rated
        }
        if (reopen) { // follow-up (回头看): back to dispatch, done again, rated again
            round = 2;
            Instant reopenedAt = finalizedAt.plus(minutes(random, 60, 3 * 24 * 60));
            h.own(new RequestEvent.Reopened(id, "问题未解决", 1), reopenedAt, resident);
            h.dispatch(CaseCommand.Reopen.at("问题未解决", 1, sla, reopenedAt.plusSeconds(1), calendar), reopenedAt.plusSeconds(1),
                    DISPATCH_SYSTEM);
            at = reopenedAt.plus(logNormalMinutes(random, sla.dispatchMinutes() * 0.4));
            h.dispatch(new CaseEvent.Assigned(id, team, DispatchMode.DIRECTIVE, at.plus(Duration.ofMinutes(sla.acceptMinutes())),
                    attempt + 1, null), at, DISPATCHER_ACTOR);
            at = at.plus(logNormalMinutes(random, sla.acceptMinutes() * 0.3));
            h.dispatch(new CaseEvent.Accepted(id, team, DispatchMode.DIRECTIVE, attempt + 1), at, team(team));
            completedAt = serve(h, random, id, team, category, grid, residentId, null, at, sla, round);
            finalizedAt = rate(h, random, completedAt, false);
            if (finalizedAt == null) {
                return h;
            }
        }
        // the request service closes the round when its sheet is final
        h.own(new RequestEvent.Closed(id, round, h.composite), finalizedAt.plusMillis(100), REQUEST_SYSTEM);
        return h;
    }

    /** On site and done; returns when it was completed (the rating sheet opens then). */
    private static Instant serve(History h, Random random, String id, String team, Category category, String grid, String resident,
                                 TimeWindow window, Instant acceptedAt, SlaTargets sla, int round) {
        Instant startAt = window != null && window.from().isAfter(acceptedAt) ? window.from() : acceptedAt;
        Instant started = startAt.plus(logNormalMinutes(random, 40));
        h.dispatch(new CaseEvent.ServiceStarted(id, team), started, team(team));
        // most are done well within the SLA, one in ten late
        Instant completed = started.plus(random.nextDouble() < 0.1 ? late(random, sla.completeMinutes())
                : logNormalMinutes(random, Math.max(20, sla.completeMinutes() * 0.15)));
        List<VolunteerHours> hours = List.of(new VolunteerHours(team + "-v1", "志愿者", 1.5));
        h.dispatch(new CaseEvent.ServiceCompleted(id, team, "已完成", hours, List.of(), resident, category.code(), grid, round),
                completed, team(team));
        h.rate(new SheetCommand.Open(id, round, team, resident, category.code(), grid, hours, completed), completed.plusMillis(50),
                RATING_SYSTEM);
        return completed;
    }

    /**
     * The parties rate (or not) in the order they come; bad ratings are flagged and followed up; the window's
     * end finalizes a sheet some party left unrated. Returns when the sheet was final, null if not yet.
     */
    private Instant rate(History h, Random random, Instant completedAt, boolean badOnPurpose) {
        record Rating(Instant at, SheetCommand command, Actor actor) {
        }
        List<Rating> ratings = new ArrayList<>();
        for (Party party : List.of(Party.RESIDENT, Party.DISPATCHER, Party.REVIEWER)) {
            double responds = switch (party) {
                case RESIDENT -> 0.85;
                case DISPATCHER -> 0.95;
                default -> 0.7;
            };
            if (random.nextDouble() >= responds) {
                continue;
            }
            int overall = badOnPurpose && party == Party.RESIDENT ? 2 : overall(random);
            Actor rater = switch (party) {
                case RESIDENT -> h.resident;
                case DISPATCHER -> DISPATCHER_ACTOR;
                default -> new Actor(Actor.REVIEWER, REVIEWER, "评议员");
            };
            Instant at = completedAt.plus(minutes(random, 5, 5 * 24 * 60));
            ratings.add(new Rating(at, new SheetCommand.Rate(party, rater.id(), new Scores(overall, overall, overall, overall),
                    overall <= SheetDecider.BAD ? "不满意" : null, at), rater));
            if (overall <= SheetDecider.BAD && (badOnPurpose || random.nextDouble() < 0.8)) {
                Instant followUp = at.plus(minutes(random, 30, 48 * 60));
                ratings.add(new Rating(followUp, new SheetCommand.FollowUp("已回访", badOnPurpose),
                        new Actor(Actor.ADMIN, ADMIN, "管理员")));
            }
        }
        ratings.sort(Comparator.comparing(Rating::at));
        Instant finalized = null;
        for (Rating r : ratings) {
            Instant at = h.rate(r.command(), r.at(), r.actor());
            finalized = finalized == null ? at : finalized;
        }
        if (finalized == null) { // the service's clock closes the window a little after it ends
            Instant windowEnds = completedAt.plus(POLICY.window()).plusSeconds(30);
            finalized = h.rate(new SheetCommand.CloseWindow(windowEnds), windowEnds, RATING_SYSTEM);
        }
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
