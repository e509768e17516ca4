package io.sidan.request.application;

import io.sidan.contracts.privacy.PersonalData;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.request.projection.RequestView;

/**
 * A request's personal fields opened with its data key: the text, or null for each once the key is gone
 * ({@code erased}). The view's columns hold them sealed, as the event carries them.
 */
public record PersonalFields(String requesterName, String contactPhone, String address, String description,
                             boolean erased) {

    /** Opens the view's fields with {@code key} (null: the request has no key any more). */
    public static PersonalFields of(RequestView v, DataKey key) {
        boolean erased = v.personalDataErased || (key == null && SealedFields.isSealed(v.contactPhone));
        if (erased) {
            return new PersonalFields(null, null, null, null, true);
        }
        return new PersonalFields(SealedFields.text(key, PersonalData.NAME, v.requesterName),
                SealedFields.text(key, PersonalData.PHONE, v.contactPhone),
                SealedFields.text(key, PersonalData.ADDRESS, v.address),
                SealedFields.text(key, PersonalData.DESCRIPTION, v.description), false);
    }
}
