package io.sidan.request.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The audit figures of a set of requests in a form that adds up: exact counts and a
 * {@link LatencySketch} per latency. A roll-up row keeps one for a day (or month) × category × grid ×
 * urgency × team; a report merges them, and the requests it reads raw, into its groups.
 *
 * <p>Verdicts count only once a clock stopped (MET or BREACHED): whether a running clock is past due
 * depends on when one asks, so {@link #addPastDue} adds those at the time of the report.
 */
public final class AuditTally {

    /** What is counted, in the order it is stored (append new counts at the end: older tallies read them as 0). */
    enum Count {
        SUBMITTED, CANCELLED, REJECTED, RESOLVED, DISPATCH_MET, DISPATCH_BREACHED, ACCEPT_MET, ACCEPT_BREACHED,
        COMPLETE_MET, COMPLETE_BREACHED, RATINGS, SATISFIED, NO_RESPONSE, BAD_RATINGS, FOLLOWED_UP, DECLINES, EXPIRIES,
        ESCALATED, SUPERVISED, REOPENS
    }

    /** The latency columns of {@code audit_request}, in the order of {@link AuditFigures.Latencies}. */
    static final List<String> LATENCIES = List.of("dispatch_ms", "accept_ms", "accept_total_ms", "arrive_ms", "resolution_ms",
            "rating_ms", "close_ms");

    /** The columns of {@code audit_request} that {@link #addRequest} reads. */
    static final String REQUEST_COLUMNS = "cancelled, rejected, resolved, dispatch_verdict, accept_verdict, complete_verdict, "
            + "ratings, satisfied, no_response, bad_ratings, followed_up, declines, expiries, escalation_level, reopens, "
            + String.join(", ", LATENCIES);

    /**
     * The clocks with an SLA verdict (the names of their {@code _verdict} and {@code _due_at} columns); a partial
     * index holds each one's running clocks by due time.
     */
    public static final List<String> CLOCKS = List.of("dispatch", "accept", "complete");

    private static final int FORMAT = 1;
    private static final Count[] COUNTS = Count.values();

    private final long[] counts = new long[COUNTS.length];
    private final LatencySketch[] latencies = new LatencySketch[LATENCIES.size()];

    public AuditTally() {
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = new LatencySketch();
        }
    }

    long count(Count c) {
        return counts[c.ordinal()];
    }

    /** One request, from its {@code audit_request} row ({@link #REQUEST_COLUMNS}). */
    public void addRequest(ResultSet rs) throws SQLException {
        add(Count.SUBMITTED, 1);
        add(Count.CANCELLED, rs.getBoolean("cancelled") ? 1 : 0);
        add(Count.REJECTED, rs.getBoolean("rejected") ? 1 : 0);
        add(Count.RESOLVED, rs.getBoolean("resolved") ? 1 : 0);
        verdict(rs.getString("dispatch_verdict"), Count.DISPATCH_MET, Count.DISPATCH_BREACHED);
        verdict(rs.getString("accept_verdict"), Count.ACCEPT_MET, Count.ACCEPT_BREACHED);
        verdict(rs.getString("complete_verdict"), Count.COMPLETE_MET, Count.COMPLETE_BREACHED);
        add(Count.RATINGS, rs.getInt("ratings"));
        add(Count.SATISFIED, rs.getInt("satisfied"));
        add(Count.NO_RESPONSE, rs.getInt("no_response"));
        int bad = rs.getInt("bad_ratings");
        add(Count.BAD_RATINGS, bad);
        add(Count.FOLLOWED_UP, Math.min(rs.getInt("followed_up"), bad));
        add(Count.DECLINES, rs.getInt("declines"));
        add(Count.EXPIRIES, rs.getInt("expiries"));
        int level = rs.getInt("escalation_level");
        add(Count.ESCALATED, level >= 1 ? 1 : 0);
        add(Count.SUPERVISED, level >= 2 ? 1 : 0);
        add(Count.REOPENS, rs.getInt("reopens"));
        for (int i = 0; i < latencies.length; i++) {
            long ms = rs.getLong(LATENCIES.get(i));
            if (!rs.wasNull()) {
                latencies[i].add(ms);
            }
        }
    }

    /** {@code n} clocks (one of {@link #CLOCKS}) still running past their due time: breached. */
    public void addPastDue(String clock, long n) {
        add(switch (clock) {
            case "dispatch" -> Count.DISPATCH_BREACHED;
            case "accept" -> Count.ACCEPT_BREACHED;
            case "complete" -> Count.COMPLETE_BREACHED;
            default -> throw new IllegalArgumentException("no clock " + clock);
        }, n);
    }

    private void verdict(String verdict, Count met, Count breached) {
        if ("MET".equals(verdict)) {
            add(met, 1);
        } else if ("BREACHED".equals(verdict)) {
            add(breached, 1);
        }
    }

    private void add(Count c, long n) {
        counts[c.ordinal()] += n;
    }

    public byte[] encode() {
        Packed.Writer out = new Packed.Writer().put(FORMAT).put(counts.length);
        for (long c : counts) {
            out.put(c);
        }
        out.put(latencies.length);
        for (LatencySketch l : latencies) {
            l.writeTo(out);
        }
        return out.bytes();
    }

    public static AuditTally decode(byte[] bytes) {
        return new AuditTally().mergeEncoded(bytes);
    }

    /** Merges a tally as {@link #encode} wrote it, without building it first (a report merges thousands). */
    public AuditTally mergeEncoded(byte[] bytes) {
        Packed.Reader in = new Packed.Reader(bytes);
        long format = in.next();
        if (format != FORMAT) {
            throw new IllegalArgumentException("an audit tally of format " + format + ", not " + FORMAT);
        }
        int stored = in.nextInt();
        for (int i = 0; i < stored; i++) {
            counts[i] += in.next();
        }
        int sketches = in.nextInt();
        for (int i = 0; i < sketches; i++) {
            latencies[i].mergeFrom(in);
        }
        return this;
    }

    /** The figures of this tally as the API gives them. */
    public AuditFigures figures(String key) {
        int submitted = (int) count(Count.SUBMITTED);
        int cancelled = (int) count(Count.CANCELLED);
        int rejected = (int) count(Count.REJECTED);
        int resolved = (int) count(Count.RESOLVED);
        int ratings = (int) count(Count.RATINGS);
        return new AuditFigures(key, submitted, cancelled, rejected, resolved,
                AuditFigures.Rate.of((int) count(Count.DISPATCH_MET), submitted),
                AuditFigures.Rate.of(resolved, submitted - cancelled - rejected),
                AuditFigures.Rate.of((int) count(Count.SATISFIED), ratings),
                (int) count(Count.NO_RESPONSE), (int) count(Count.BAD_RATINGS), (int) count(Count.FOLLOWED_UP),
                new AuditFigures.Latencies(stats(0), stats(1), stats(2), stats(3), stats(4), stats(5), stats(6)),
                new AuditFigures.Slas(sla(Count.DISPATCH_MET, Count.DISPATCH_BREACHED), sla(Count.ACCEPT_MET, Count.ACCEPT_BREACHED),
                        sla(Count.COMPLETE_MET, Count.COMPLETE_BREACHED)),
                (int) count(Count.DECLINES), (int) count(Count.EXPIRIES), (int) count(Count.ESCALATED),
                (int) count(Count.SUPERVISED), (int) count(Count.REOPENS));
    }

    private AuditFigures.Stats stats(int latency) {
        LatencySketch s = latencies[latency];
        if (s.count() == 0) {
            return new AuditFigures.Stats(0, null, null, null, null, null);
        }
        return new AuditFigures.Stats((int) s.count(), seconds((double) s.sum() / s.count()), seconds(s.quantile(0.5)),
                seconds(s.quantile(0.9)), seconds(s.quantile(0.99)), seconds(s.max().doubleValue()));
    }

    private AuditFigures.Sla sla(Count met, Count breached) {
        int m = (int) count(met);
        int b = (int) count(breached);
        return new AuditFigures.Sla(m, b, AuditFigures.Rate.of(m, m + b));
    }

    /** Milliseconds as seconds, to the millisecond. */
    private static Double seconds(double millis) {
        return Math.round(millis) / 1000.0;
    }
}
