package io.sidan.request.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.envelope.EventEnvelope;
import io.sidan.contracts.envelope.ChainVerification;
import io.sidan.eventing.store.EventStore;
import io.sidan.contracts.envelope.HashChain;
import io.sidan.contracts.events.EventSummaries;
import io.sidan.kit.config.CentreConfig;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.eventing.store.StoredEvent;

/**
 * Builds a request's timeline from its own stream and the events received from the other services,
 * re-verifying each stream's hash chain on the way.
 */
@ApplicationScoped
public class TimelineQuery {

    private final EventStore store;
    private final ReceivedEvents received;

    /** Times in summaries are written in the centre's zone. */
    private final ZoneId zone;

    public TimelineQuery(EventStore store, ReceivedEvents received, CentreConfig centre) {
        this.store = store;
        this.received = received;
        this.zone = centre.zone();
    }

    /**
     * @param actorNames how to show an actor (e.g. masking other residents); gets role, id and name
     * @param staff whether the caller may read internal notes (dispatchers, admins); others get them withheld,
     *              though every chain is still verified over all events
     */
    public Timeline timeline(Connection c, String requestId, Function<EventEnvelope, String> actorNames, boolean staff)
            throws SQLException {
        List<EventEnvelope> own = store.readStream(c, requestId).stream().map(StoredEvent::envelope).toList();
        Map<String, List<EventEnvelope>> streams = new LinkedHashMap<>();
        streams.put(store.source() + "|" + requestId, own);
        for (EventEnvelope e : received.forRequest(c, requestId)) {
            streams.computeIfAbsent(e.source() + "|" + e.streamId(), k -> new ArrayList<>()).add(e);
        }
        List<Timeline.StreamCheck> checks = new ArrayList<>();
        Map<String, Long> brokenFrom = new HashMap<>();
        for (Map.Entry<String, List<EventEnvelope>> s : streams.entrySet()) {
            String source = s.getKey().substring(0, s.getKey().indexOf('|'));
            String streamId = s.getKey().substring(s.getKey().indexOf('|') + 1);
            List<EventEnvelope> events = s.getValue().stream().sorted(Comparator.comparingLong(EventEnvelope::streamVersion)).toList();
            ChainVerification v = HashChain.verify(streamId, events);
            checks.add(new Timeline.StreamCheck(source, streamId, events.size(), v.valid(),
                    v.valid() ? null : v.brokenVersion(), v.problem()));
            if (!v.valid()) {
                brokenFrom.put(s.getKey(), v.brokenVersion());
            }
        }
        List<EventEnvelope> all = causalOrder(streams.values().stream().flatMap(List::stream).toList());
        List<Timeline.Entry> entries = new ArrayList<>(all.size());
        int withheld = 0;
        for (EventEnvelope e : all) {
            Optional<SidanEvent> event = store.catalogue().decode(e);
            boolean internal = event.map(EventSummaries::staffOnly).orElse(false);
            if (internal && !staff) {
                withheld++;
                continue;
            }
            Long broken = brokenFrom.get(e.source() + "|" + e.streamId());
            EventSummaries.Summary summary = event.map(ev -> EventSummaries.of(ev, zone))
                    .orElse(new EventSummaries.Summary(e.type(), e.type()));
            entries.add(new Timeline.Entry(e.eventId().toString(), e.type(), e.source(), e.streamVersion(), e.occurredAt(),
                    e.actor().role(), actorNames.apply(e), summary.zh(), summary.en(), e.hash(), e.prevHash(),
                    broken == null || e.streamVersion() < broken, e.causationId(), e.correlationId(), internal));
        }
        boolean verified = checks.stream().allMatch(Timeline.StreamCheck::valid);
        return new Timeline(requestId, verified, checks, entries, withheld);
    }

    /**
     * Time order, except that an event never comes before the event that caused it, nor before the
     * previous event of its own stream (clocks of different services may disagree by a little).
     */
    static List<EventEnvelope> causalOrder(List<EventEnvelope> events) {
        List<EventEnvelope> byTime = events.stream()
                .sorted(Comparator.comparing(EventEnvelope::occurredAt).thenComparing(EventEnvelope::source)
                        .thenComparingLong(EventEnvelope::streamVersion))
                .toList();
        Map<String, EventEnvelope> byId = new HashMap<>();
        Map<String, EventEnvelope> byPosition = new HashMap<>();
        for (EventEnvelope e : byTime) {
            byId.put(e.eventId().toString(), e);
            byPosition.put(position(e, e.streamVersion()), e);
        }
        List<EventEnvelope> ordered = new ArrayList<>(byTime.size());
        Set<String> placed = new HashSet<>();
        for (EventEnvelope e : byTime) {
            place(e, byId, byPosition, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void place(EventEnvelope e, Map<String, EventEnvelope> byId, Map<String, EventEnvelope> byPosition,
                              Set<String> placed, List<EventEnvelope> ordered, Set<String> visiting) {
        String id = e.eventId().toString();
        if (placed.contains(id) || !visiting.add(id)) {
            return;
        }
        EventEnvelope previous = byPosition.get(position(e, e.streamVersion() - 1));
        if (previous != null) {
            place(previous, byId, byPosition, placed, ordered, visiting);
        }
        EventEnvelope cause = e.causationId() == null ? null : byId.get(e.causationId());
        if (cause != null) {
            place(cause, byId, byPosition, placed, ordered, visiting);
        }
        placed.add(id);
        ordered.add(e);
    }

    private static String position(EventEnvelope e, long version) {
        return e.source() + "|" + e.streamId() + "|" + version;
    }
}
