package io.sidan.dispatch.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.sidan.contracts.privacy.PersonalData;
import io.sidan.contracts.privacy.SealedFields;
import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.dispatch.messaging.DataKeyClient;
import io.sidan.dispatch.projection.RequestDetails;
import org.junit.jupiter.api.Test;

/** How a kept contact reads with the keys found: shown, erased, or (for now) unavailable; never an error. */
class ContactsTest {

    private static final DataKey KEY = DataKey.generate("r-1");

    private static RequestDetails sealed(DataKey key) {
        RequestDetails d = new RequestDetails();
        d.requestId = "r-1";
        d.requesterName = SealedFields.seal(key, PersonalData.NAME, "王阿姨");
        d.contactPhone = SealedFields.seal(key, PersonalData.PHONE, "13912345678");
        d.address = SealedFields.seal(key, PersonalData.ADDRESS, "和平里3号楼");
        d.description = SealedFields.seal(key, PersonalData.DESCRIPTION, "行动不便");
        return d;
    }

    @Test
    void aSealedContactOpensWithItsKey() {
        Contacts.Contact c = Contacts.open(sealed(KEY), new DataKeyClient.Keys(Map.of("r-1", KEY), false));
        assertThat(c.state()).isEqualTo(Contacts.State.SHOWN);
        assertThat(c.phone()).isEqualTo("13912345678");
        assertThat(c.address()).isEqualTo("和平里3号楼");
        assertThat(c.requesterName()).isEqualTo("王阿姨");
        assertThat(c.description()).isEqualTo("行动不便");
    }

    @Test
    void withoutItsKeyItIsErasedUnlessTheKeeperCouldNotBeAsked() {
        assertThat(Contacts.open(sealed(KEY), new DataKeyClient.Keys(Map.of(), false)).state()).isEqualTo(Contacts.State.ERASED);
        Contacts.Contact unavailable = Contacts.open(sealed(KEY), new DataKeyClient.Keys(Map.of(), true));
        assertThat(unavailable.state()).isEqualTo(Contacts.State.UNAVAILABLE);
        assertThat(unavailable.phone()).isNull();
        RequestDetails erased = sealed(KEY);
        erased.personalDataErased = true;
        assertThat(Contacts.open(erased, new DataKeyClient.Keys(Map.of("r-1", KEY), false)).state()).isEqualTo(Contacts.State.ERASED);
    }

    @Test
    void plainTextFromBeforeSealingIsShownAsItIs() {
        RequestDetails plain = new RequestDetails();
        plain.requestId = "r-1";
        plain.contactPhone = "13912345678";
        plain.address = "和平里3号楼";
        assertThat(Contacts.open(plain, new DataKeyClient.Keys(Map.of(), true)).phone()).isEqualTo("13912345678");
    }

    @Test
    void aContactThatDoesNotOpenWithItsKeyIsUnavailableNotAnError() {
        DataKey impostor = DataKey.generate("r-1"); // same id, other key: what an altered value looks like
        Contacts.Contact c = Contacts.open(sealed(KEY), new DataKeyClient.Keys(Map.of("r-1", impostor), false));
        assertThat(c.state()).isEqualTo(Contacts.State.UNAVAILABLE);
        assertThat(c.phone()).isNull();
    }
}
