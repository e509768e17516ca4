package io.sidan.request.application;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.sidan.contracts.domain.Ids;
import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.domain.NotFound;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.eventing.tx.Transactions;
import io.sidan.kit.privacy.PersonalDataReads;
import io.sidan.kit.security.Caller;
import io.sidan.request.domain.RequestStatus;
import io.sidan.request.projection.CatalogueQueries;
import io.sidan.request.projection.RequestView;
import io.sidan.request.projection.Timeline;
import io.sidan.request.projection.TimelineQuery;

/**
 * Who may read which request, and how much of it: residents their own only (another's is "not found",
 * so they never learn of it); the resident's contact unmasked for the resident and for a dispatcher
 * reading one request (that read is written to the access log in the same transaction); masked for
 * everyone else and in every list. Each read runs in a transaction of its own.
 */
@ApplicationScoped
public class RequestReads {

    public static final Set<String> SORTABLE = Set.of("submittedAt", "updatedAt", "status", "category", "urgency");

    private final Transactions tx;
    private final CatalogueQueries catalogue;
    private final TimelineQuery timelines;
    private final PersonalDataReads personalData;

    private final DataKeys keys;

    public RequestReads(Transactions tx, CatalogueQueries catalogue, TimelineQuery timelines,
                        PersonalDataReads personalData, DataKeys keys) {
        this.tx = tx;
        this.keys = keys;
        this.catalogue = catalogue;
        this.timelines = timelines;
        this.personalData = personalData;
    }

    /**
     * A request as one reader may see it: its view, its personal fields opened (or erased), the names of its
     * codes, and whether the contact is shown unmasked.
     */
    public record Shown(RequestView view, PersonalFields personal, String categoryName, String teamName, boolean unmasked) {
    }

    /** One page of a list, with the number of requests the filter matches in all. */
    public record Listed(List<Shown> items, long total) {
    }

    /** What a list is narrowed to; null means no condition. */
    public record Filter(RequestStatus status, String category, String grid, Instant from, Instant to) {
    }

    public Listed list(Filter filter, int pageIndex, int pageSize, String sort, Caller caller) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (isResidentOnly(caller)) {
            where.add("requesterId = :me");
            params.put("me", caller.subject());
        }
        condition(where, params, "status", filter.status() == null ? null : filter.status().name(), "=");
        condition(where, params, "category", filter.category(), "=");
        condition(where, params, "grid", filter.grid(), "=");
        condition(where, params, "from", filter.from(), ">=");
        condition(where, params, "to", filter.to(), "<");
        Sort order = sort(sort);
        return tx.inTransaction(c -> {
            PanacheQuery<RequestView> query = RequestView.find(where.isEmpty() ? "1 = 1" : String.join(" and ", where),
                    order, params);
            List<RequestView> rows = query.page(Page.of(pageIndex, pageSize)).list();
            Map<String, String> categoryNames = new HashMap<>();
            catalogue.categories(true).forEach((code, category) -> categoryNames.put(code, category.nameZh()));
            Map<String, String> teamNames = catalogue.teamNames();
            Map<String, DataKey> dataKeys = keys.find(c, rows.stream().map(v -> v.id).toList());
            List<Shown> items = rows.stream().map(v -> new Shown(v, PersonalFields.of(v, dataKeys.get(v.id)),
                    categoryNames.get(v.category), v.teamId == null ? null : teamNames.get(v.teamId), owns(caller, v))).toList();
            return new Listed(items, query.count());
        });
    }

    /** One request; a dispatcher's read of the unmasked contact is logged with it. */
    public Shown read(String requestId, Caller caller) {
        return tx.inTransaction(c -> {
            RequestView view = visible(requestId, caller);
            Shown shown = named(c, view, owns(caller, view) || caller.is(Caller.DISPATCHER));
            if (!owns(caller, view) && caller.is(Caller.DISPATCHER) && !shown.personal().erased()) {
                personalData.record(c, caller.as(Caller.DISPATCHER), requestId, PersonalData.CONTACT, PersonalDataReads.DISPATCH);
            }
            return shown;
        });
    }

    /** An admin's reasoned reveal of a contact, logged with the reason as its purpose (nothing to log once erased). */
    public Shown reveal(String requestId, String reason, Caller caller) {
        return tx.inTransaction(c -> {
            Shown shown = named(c, visible(requestId, caller), true);
            if (!shown.personal().erased()) {
                personalData.record(c, caller.as(Caller.ADMIN), requestId, PersonalData.CONTACT, PersonalDataReads.REVEAL + reason);
            }
            return shown;
        });
    }

    /** The timeline, with other residents' names hidden from residents and internal notes for staff only. */
    public Timeline timeline(String requestId, Caller caller) {
        return tx.inTransaction(c -> {
            visible(requestId, caller);
            String me = caller.subject();
            boolean residentOnly = isResidentOnly(caller);
            boolean staff = caller.is(Caller.DISPATCHER) || caller.is(Caller.ADMIN);
            return timelines.timeline(c, requestId, e -> residentOnly && e.actor().role().equals(Caller.RESIDENT)
                    && !e.actor().id().equals(me) ? "居民" : e.actor().name(), staff);
        });
    }

    /** Fails with "not found" unless the caller may see the request (checked before acting on it). */
    public void requireVisible(String requestId, Caller caller) {
        tx.inTransaction(c -> visible(requestId, caller));
    }

    /** A request just changed by the caller, shown to them (the contact only to its resident). */
    public Shown shown(RequestView view, Caller caller) {
        return tx.inTransaction(c -> named(c, view, owns(caller, view)));
    }

    /** A request just submitted, shown to its caller with the data key made for it (nothing to read). */
    public Shown shown(RequestView view, Caller caller, DataKey key) {
        return named(view, key, owns(caller, view));
    }

    /** The role a caller acts in on a request they may change: the most limited one they hold. */
    public static String actingRole(Caller caller, String... staffRoles) {
        if (isResidentOnly(caller)) {
            return Caller.RESIDENT;
        }
        for (String role : staffRoles) {
            if (caller.is(role)) {
                return role;
            }
        }
        return staffRoles[staffRoles.length - 1];
    }

    private Shown named(Connection c, RequestView v, boolean unmasked) throws SQLException {
        return named(v, keys.find(c, v.id).orElse(null), unmasked);
    }

    private Shown named(RequestView v, DataKey key, boolean unmasked) {
        String categoryName = catalogue.category(v.category).map(category -> category.nameZh()).orElse(null);
        String teamName = v.teamId == null ? null : catalogue.teamName(v.teamId).orElse(null);
        return new Shown(v, PersonalFields.of(v, key), categoryName, teamName, unmasked);
    }

    private RequestView visible(String id, Caller caller) {
        RequestView view = Ids.isUuid(id) ? RequestView.findById(id) : null;
        if (view == null || (isResidentOnly(caller) && !caller.subject().equals(view.requesterId))) {
            throw new NotFound("There is no request " + id + ".");
        }
        return view;
    }

    /** A resident and nothing more: sees only their own requests (and erasure requests). */
    public static boolean isResidentOnly(Caller caller) {
        return caller.is(Caller.RESIDENT) && !caller.is(Caller.DISPATCHER) && !caller.is(Caller.ADMIN)
                && !caller.is(Caller.REVIEWER);
    }

    /** The resident who filed the request: the one reader whose reads of their own contact are not logged. */
    private static boolean owns(Caller caller, RequestView v) {
        return caller.is(Caller.RESIDENT) && caller.subject().equals(v.requesterId);
    }

    private static void condition(List<String> where, Map<String, Object> params, String name, Object value, String op) {
        if (value != null) {
            String column = switch (name) {
                case "from", "to" -> "submittedAt";
                default -> name;
            };
            where.add(column + " " + op + " :" + name);
            params.put(name, value);
        }
    }

    private static Sort sort(String sort) {
        if (sort == null) {
            return Sort.by("submittedAt", Sort.Direction.Descending).and("id");
        }
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        if (!SORTABLE.contains(key)) {
            throw new InvalidInput("sort", "must be one of " + SORTABLE + ", optionally with - in front");
        }
        return Sort.by(key, descending ? Sort.Direction.Descending : Sort.Direction.Ascending).and("id");
    }
}
