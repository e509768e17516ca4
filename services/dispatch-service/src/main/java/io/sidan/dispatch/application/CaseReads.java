package io.sidan.dispatch.application;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.dispatch.domain.CasePhase;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.dispatch.projection.RequestDetails;
import io.sidan.eventing.store.EventStore;
import io.sidan.eventing.store.StoredEvent;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;

/**
 * The dispatchers' and admins' reads of cases: the queue, lists, and one case with its history. A
 * dispatcher reading one case sees the resident's contact, and that read is written to the access log
 * before it is answered; admins see it masked.
 */
@ApplicationScoped
public class CaseReads {

    private final Transactions tx;
    private final EventStore store;
    private final PersonalDataReads personalData;
    private final Contacts contacts;

    public CaseReads(Transactions tx, EventStore store, PersonalDataReads personalData, Contacts contacts) {
        this.tx = tx;
        this.store = store;
        this.personalData = personalData;
        this.contacts = contacts;
    }

    /** One page of cases and how many match in all. */
    public record Listed(List<CaseView> items, long total) {
    }

    /** One case as a reader sees it: its view, the request's details opened, whether the contact is shown, its events. */
    public record CaseRead(CaseView view, Contacts.Contact request, boolean contactShown, List<StoredEvent> history,
                           EventCatalogue<SidanEvent> catalogue) {
    }

    /**
     * Cases no team has accepted yet: most urgent first, then by SLA due time and age (at most 500). The
     * escalated ones only: those of them escalated, and the cases a team serves past their completion SLA (督办).
     */
    public List<CaseView> queue(String grid, String category, boolean escalatedOnly) {
        StringBuilder where = new StringBuilder(escalatedOnly
                ? "(phase in ('WAITING', 'OFFERED', 'ASSIGNED') and escalationLevel >= 1 "
                        + "or phase in ('ACCEPTED', 'IN_SERVICE') and completionOverdue = true)"
                : "phase in ('WAITING', 'OFFERED', 'ASSIGNED')");
        Map<String, Object> params = new HashMap<>();
        condition(where, params, "grid", grid);
        condition(where, params, "category", category);
        return tx.inTransaction(c -> CaseView.<CaseView>find(where.toString(),
                Sort.by("urgencyRank", Sort.Direction.Descending).and("dispatchDueAt").and("queuedAt").and("requestId"),
                params).page(Page.ofSize(500)).list());
    }

    /** Every case, newest first, narrowed by the conditions that are not null. */
    public Listed list(CasePhase phase, String teamId, String grid, String category, int pageIndex, int pageSize) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        condition(where, params, "phase", phase == null ? null : phase.name());
        condition(where, params, "teamId", teamId);
        condition(where, params, "grid", grid);
        condition(where, params, "category", category);
        return tx.inTransaction(c -> {
            PanacheQuery<CaseView> q = CaseView.find(where.toString(), Sort.by("submittedAt", Sort.Direction.Descending)
                    .and("requestId"), params);
            return new Listed(q.page(Page.of(pageIndex, pageSize)).list(), q.count());
        });
    }

    /**
     * A case. A dispatcher sees the contact unmasked, and such a read is logged, the log committed, before it is
     * returned; none is logged when the contact is erased or cannot be opened now.
     */
    public CaseRead read(String requestId, Caller caller) {
        record Read(CaseView view, RequestDetails details, List<StoredEvent> history) {
        }
        Read read = tx.inTransaction(c -> new Read(find(requestId), RequestDetails.findById(requestId), store.readStream(c, requestId)));
        // the key is asked for outside a transaction: no connection is held while the request service answers
        Contacts.Contact contact = contacts.open(read.details());
        boolean shown = caller.is(Caller.DISPATCHER) && contact != null;
        if (shown && contact.state() == Contacts.State.SHOWN) {
            tx.inTransaction(c -> {
                personalData.record(c, caller.as(Caller.DISPATCHER), requestId, PersonalData.CONTACT, PersonalDataReads.DISPATCH);
                return null;
            });
        }
        return new CaseRead(read.view(), contact, shown, read.history(), store.catalogue());
    }

    /** Fails with "not found" unless the case exists (checked before acting on it). */
    public void requireExists(String requestId) {
        tx.inTransaction(c -> find(requestId));
    }

    private static CaseView find(String requestId) {
        CaseView v = Ids.isUuid(requestId) ? CaseView.findById(requestId) : null;
        if (v == null) {
            throw new NotFound("There is no case " + requestId + ".");
        }
        return v;
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String field, String value) {
        if (value != null) {
            where.append(" and ").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }
}
