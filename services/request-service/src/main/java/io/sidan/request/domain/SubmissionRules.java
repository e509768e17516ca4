package io.sidan.request.domain;

import java.util.Optional;

import io.sidan.contracts.domain.InvalidInput;
import io.sidan.contracts.envelope.Actor;
import io.sidan.contracts.events.Category;
import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.SlaTargets;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;
import io.sidan.contracts.privacy.PersonalData;

/**
 * What a submission must satisfy before it becomes a request (群众点单): an active category and grid, an
 * item of that category, a window that ends after it starts, and the channel and requester that fit who
 * submits. A resident submits for themselves through APP or KIOSK; a dispatcher files for a caller
 * (PHONE by default) and names them. The urgency defaults to the category's, and the SLA targets are the
 * category's for that urgency, copied into the request so a later catalogue change does not rewrite it.
 */
public final class SubmissionRules {

    private SubmissionRules() {
    }

    /**
     * The submit command for {@code input}, or {@link InvalidInput} naming the first field that breaks a rule.
     *
     * @param category   the catalogue's category of that code, if there is one (active or not)
     * @param gridActive whether the location's grid is an active grid of the catalogue
     */
    public static RequestCommand.Submit submit(String requestId, NewRequest input, Actor submitter,
                                               Optional<Category> category, boolean gridActive) {
        Category chosen = category.filter(Category::active).orElseThrow(() -> new InvalidInput("category",
                "unknown category '" + input.category() + "'; see GET /api/catalogue"));
        if (input.item() != null && chosen.items().stream().noneMatch(i -> i.code().equals(input.item()))) {
            throw new InvalidInput("item", "category " + chosen.code() + " has no service item '" + input.item() + "'");
        }
        if (!gridActive) {
            throw new InvalidInput("location.grid", "unknown grid '" + input.location().grid() + "'; see GET /api/grids");
        }
        TimeWindow window = input.preferredWindow();
        if (window != null && !window.to().isAfter(window.from())) {
            throw new InvalidInput("preferredWindow.to", "must be after preferredWindow.from");
        }
        boolean onBehalf = Actor.DISPATCHER.equals(submitter.role());
        Channel channel = input.channel() != null ? input.channel() : onBehalf ? Channel.PHONE : Channel.APP;
        String requesterName;
        String requesterId;
        if (onBehalf) {
            if (input.requesterName() == null || input.requesterName().isBlank()) {
                throw new InvalidInput("requesterName", "is required when a dispatcher files for a caller");
            }
            requesterName = input.requesterName().trim();
            requesterId = null;
        } else {
            if (channel != Channel.APP && channel != Channel.KIOSK) {
                throw new InvalidInput("channel", "residents submit through APP or KIOSK");
            }
            requesterName = input.requesterName() == null ? null : input.requesterName().trim();
            requesterId = submitter.id();
        }
        Urgency urgency = input.urgency() != null ? input.urgency() : chosen.defaultUrgency();
        SlaTargets sla = chosen.slaFor(urgency); // with the category's clock
        if (sla == null) { // the catalogue takes a category only with targets for every urgency
            throw new IllegalStateException("category " + chosen.code() + " has no SLA for " + urgency);
        }
        Location l = input.location();
        // coordinates are kept to about a kilometre (data minimisation): the sealed address says where the door is
        return new RequestCommand.Submit(requestId, requesterId, requesterName, channel, chosen.code(), input.item(),
                input.title().trim(), input.description().trim(), new Location(l.grid(), l.address().trim(),
                PersonalData.maskCoordinate(l.lat()), PersonalData.maskCoordinate(l.lon())),
                urgency, input.contactPhone().trim(), window, sla);
    }
}
