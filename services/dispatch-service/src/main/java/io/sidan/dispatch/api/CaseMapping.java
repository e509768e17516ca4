package io.sidan.dispatch.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import io.sidan.contracts.envelope.EventCatalogue;
import io.sidan.contracts.events.EventSummaries;
import io.sidan.contracts.events.SidanEvent;
import io.sidan.contracts.privacy.PersonalData;
import io.sidan.dispatch.application.Contacts;
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

    /** The contact opened: only for those who need it (see ContactAccess), and logged by the caller. */
    static DispatchDtos.Contact contact(Contacts.Contact c) {
        if (c == null) {
            return null;
        }
        RequestDetails d = c.details();
        return new DispatchDtos.Contact(c.requesterName(), c.phone(), c.address(), d.lat, d.lon, c.description(),
                d.preferredFrom, d.preferredTo, false, c.state() == Contacts.State.ERASED, c.state() == Contacts.State.UNAVAILABLE);
    }

    static DispatchDtos.Contact maskedContact(Contacts.Contact c) {
        if (c == null) {
            return null;
        }
        RequestDetails d = c.details();
        return new DispatchDtos.Contact(c.requesterName(), PersonalData.maskPhone(c.phone()), PersonalData.maskAddress(c.address()),
                PersonalData.maskCoordinate(d.lat), PersonalData.maskCoordinate(d.lon), c.description(), d.preferredFrom,
                d.preferredTo, true, c.state() == Contacts.State.ERASED, c.state() == Contacts.State.UNAVAILABLE);
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
    static TaskDtos.Task task(CaseView v, Contacts.Contact d) {
        return new TaskDtos.Task(v.requestId, v.title, v.category, v.grid, v.urgency, v.phase, v.phase, v.acceptBy,
                v.acceptedAt, v.startedAt, v.completedAt, v.escalationLevel, v.completeDueAt, maskedContact(d));
    }
}
