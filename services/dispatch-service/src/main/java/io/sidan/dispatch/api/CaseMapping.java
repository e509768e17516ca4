package io.sidan.dispatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.EventSummaries;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.dispatch.domain.CaseDecider;
import io.sidan.dispatch.projection.CaseView;
import io.sidan.dispatch.projection.RequestDetails;
import io.sidan.eventing.store.StoredEvent;

/** Turns case rows into the API's answers. */
final class CaseMapping {

    private CaseMapping() {
    }

    static DispatchDtos.QueueItem queueItem(CaseView v, Instant now) {
        long remaining = v.dispatchDueAt == null ? 0 : Duration.between(now, v.dispatchDueAt).toSeconds();
        return new DispatchDtos.QueueItem(v.requestId, v.title, v.category, v.grid, v.urgency, v.phase, v.submittedAt,
                v.queuedAt, v.dispatchDueAt, remaining, v.dispatchDueAt != null && remaining < 0 && "WAITING".equals(v.phase),
                v.escalationLevel, v.escalationLevel >= CaseDecider.SUPERVISED_LEVEL, v.attempt, v.offeredTeams(), v.teamId,
                v.acceptBy, v.reopenCount, v.completeDueAt, v.completionOverdue);
    }

    /** The contact as it is stored: only for those who need it (see ContactAccess), and logged by the caller. */
    static DispatchDtos.Contact contact(RequestDetails d) {
        return d == null ? null : new DispatchDtos.Contact(d.requesterName, d.contactPhone, d.address, d.lat, d.lon,
                d.description, d.preferredFrom, d.preferredTo, false);
    }

    static DispatchDtos.Contact maskedContact(RequestDetails d) {
        return d == null ? null : new DispatchDtos.Contact(d.requesterName, PersonalData.maskPhone(d.contactPhone),
                PersonalData.maskAddress(d.address), PersonalData.maskCoordinate(d.lat), PersonalData.maskCoordinate(d.lon),
                d.description, d.preferredFrom, d.preferredTo, true);
    }

    /** The case as the API shows it; times in the history's summaries written in the centre's {@code zone}. */
    static DispatchDtos.CaseDetails details(CaseView v, DispatchDtos.Contact contact, List<StoredEvent> stream,
                                            EventCatalogue<SidanEvent> catalogue, ZoneId zone) {
        List<DispatchDtos.HistoryEntry> history = stream.stream().map(e -> {
            EventSummaries.Summary s = catalogue.decode(e.envelope()).map(event -> EventSummaries.of(event, zone))
                    .orElse(new EventSummaries.Summary(e.envelope().type(), e.envelope().type()));
            return new DispatchDtos.HistoryEntry(e.envelope().streamVersion(), e.envelope().type(), e.envelope().occurredAt(),
                    e.envelope().actor().role(), e.envelope().actor().name(), s.zh(), s.en());
        }).toList();
        return new DispatchDtos.CaseDetails(v.requestId, v.title, v.category, v.grid, v.urgency, v.phase, v.attempt,
                v.teamId, v.mode, v.offeredTeams(), v.excluded(), v.acceptBy, v.escalationLevel,
                v.escalationLevel >= CaseDecider.SUPERVISED_LEVEL, v.reopenCount, v.submittedAt, v.queuedAt,
                v.dispatchDueAt, v.dispatchedAt, v.acceptedAt, v.startedAt, v.completedAt, v.completeDueAt,
                v.completionOverdue, contact, history,
                "\"" + v.streamVersion + "\"");
    }

    /** A team's task, with the contact masked: the serving team asks for it unmasked, and that read is logged. */
    static TaskDtos.Task task(CaseView v, RequestDetails d) {
        return new TaskDtos.Task(v.requestId, v.title, v.category, v.grid, v.urgency, v.phase, v.phase, v.acceptBy,
                v.acceptedAt, v.startedAt, v.completedAt, v.escalationLevel, v.completeDueAt, maskedContact(d));
    }
}
