package io.sidan.request.application;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.sidan.contracts.domain.Rejection;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.events.ErasureCause;
import io.sidan.eventing.store.EventMetadata;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.tx.OneAtATime;
import io.sidan.eventing.tx.Transactions;
import io.sidan.request.config.RequestConfig;
import org.jboss.logging.Logger;

/**
 * Erases the personal data of requests that ended (closed, rejected, cancelled) longer ago than
 * {@code sidan.requests.personal-data-retention}, every {@code sidan.requests.retention-check-every}, one
 * instance at a time, each request in a transaction of its own.
 */
@ApplicationScoped
public class PersonalDataRetention {

    private static final Logger LOG = Logger.getLogger(PersonalDataRetention.class);
    private static final int BATCH = 200;

    private final Transactions tx;
    private final RequestApplication requests;
    private final RequestConfig config;
    private final Clock clock;
    private final OneAtATime oneAtATime;
    private final EventStore store;

    public PersonalDataRetention(Transactions tx, RequestApplication requests, RequestConfig config, Clock clock,
                                 AgroalDataSource dataSource, EventStore store) {
        this.tx = tx;
        this.requests = requests;
        this.config = config;
        this.clock = clock;
        this.oneAtATime = new OneAtATime(dataSource);
        this.store = store;
    }

    @Scheduled(every = "${sidan.requests.retention-check-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        eraseExpired();
    }

    /** Erases what the retention period ran out for; returns how many requests (0 when another instance is at it). */
    public int eraseExpired() {
        Integer erased = oneAtATime.callIfFree("personal-data-retention", this::eraseAllExpired);
        return erased == null ? 0 : erased;
    }

    private int eraseAllExpired() {
        OffsetDateTime endedBefore = OffsetDateTime.ofInstant(clock.instant().minus(config.personalDataRetention()), ZoneOffset.UTC);
        EventMetadata metadata = EventMetadata.by(Actor.system(store.source()));
        int erased = 0;
        List<String> batch;
        int before;
        do {
            before = erased;
            batch = tx.inTransaction(c -> {
                List<String> ids = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("select id from request_view where not personal_data_erased "
                        + "and ended_at < ? order by ended_at limit " + BATCH)) {
                    s.setObject(1, endedBefore);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                return ids;
            });
            for (String id : batch) {
                try {
                    tx.inTransaction(c -> {
                        requests.erasePersonalData(c, id, ErasureCause.RETENTION, null, metadata);
                        return null;
                    });
                    erased++;
                } catch (Rejection e) { // reopened since it was listed: it is open again
                    LOG.infof("request %s not erased: %s", id, e.getMessage());
                }
            }
        } while (batch.size() == BATCH && erased > before); // a batch that erased nothing would come back the same
        if (erased > 0) {
            LOG.infof("retention: erased the personal data of %d requests that ended before %s", erased, endedBefore);
        }
        return erased;
    }
}
