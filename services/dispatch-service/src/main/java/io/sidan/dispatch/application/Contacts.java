package io.sidan.dispatch.application;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.sidan.contracts.privacy.PersonalData;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.dispatch.messaging.DataKeyClient;
import io.sidan.dispatch.projection.RequestDetails;
import org.jboss.logging.Logger;

/**
 * Residents' contacts as this service holds them — sealed, as {@code request.submitted} carried them — opened
 * with their requests' data keys from the request service. Erased ones read as erased; while the request
 * service cannot be asked, as unavailable (the case itself is still shown).
 */
@ApplicationScoped
public class Contacts {

    private static final Logger LOG = Logger.getLogger(Contacts.class);

    public enum State { SHOWN, ERASED, UNAVAILABLE }

    /** A request's details with its personal fields opened (null unless {@code SHOWN}). */
    public record Contact(RequestDetails details, String requesterName, String phone, String address, String description,
                          State state) {
    }

    private final DataKeyClient keys;

    public Contacts(DataKeyClient keys) {
        this.keys = keys;
    }

    public Contact open(RequestDetails d) {
        return d == null ? null : openAll(List.of(d)).get(d.requestId);
    }

    /** Each row opened, by request id, in the order given. */
    public Map<String, Contact> openAll(Collection<RequestDetails> rows) {
        List<String> sealed = rows.stream().filter(Objects::nonNull).filter(d -> !d.personalDataErased && isSealed(d))
                .map(d -> d.requestId).toList();
        DataKeyClient.Keys found = sealed.isEmpty() ? new DataKeyClient.Keys(Map.of(), false) : keys.keys(sealed);
        Map<String, Contact> opened = new LinkedHashMap<>();
        for (RequestDetails d : rows) {
            if (d != null) {
                opened.put(d.requestId, open(d, found));
            }
        }
        return opened;
    }

    /** One row opened with the keys found (package-private for its unit test). */
    static Contact open(RequestDetails d, DataKeyClient.Keys found) {
        if (d.personalDataErased) {
            return new Contact(d, null, null, null, null, State.ERASED);
        }
        DataKey key = found.of(d.requestId).orElse(null);
        if (key == null && isSealed(d)) {
            return new Contact(d, null, null, null, null, found.unavailable() ? State.UNAVAILABLE : State.ERASED);
        }
        try {
            return new Contact(d, SealedFields.text(key, PersonalData.NAME, d.requesterName),
                    SealedFields.text(key, PersonalData.PHONE, d.contactPhone), SealedFields.text(key, PersonalData.ADDRESS, d.address),
                    SealedFields.text(key, PersonalData.DESCRIPTION, d.description), State.SHOWN);
        } catch (IllegalArgumentException e) { // a sealed value that does not open with its own key was altered
            LOG.errorf("the contact of request %s does not open with its key: %s", d.requestId, e.getMessage());
            return new Contact(d, null, null, null, null, State.UNAVAILABLE);
        }
    }

    private static boolean isSealed(RequestDetails d) {
        return SealedFields.isSealed(d.contactPhone) || SealedFields.isSealed(d.address);
    }
}
