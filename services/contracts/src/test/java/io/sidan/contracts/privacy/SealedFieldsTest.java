package io.sidan.contracts.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.sidan.contracts.privacy.SealedFields.DataKey;
import io.sidan.contracts.privacy.SealedFields.Opened;

class SealedFieldsTest {

    private final DataKey key = DataKey.generate("req-1");

    @Test
    void aSealedFieldOpensWithItsKeyAndShowsNothingReadable() {
        String sealed = SealedFields.seal(key, "contactPhone", "13912345678");

        assertThat(sealed).startsWith("sealed:v1:req-1:").doesNotContain("13912345678").doesNotContain("5678");
        assertThat(SealedFields.keyId(sealed)).contains("req-1");
        assertThat(SealedFields.open(key, "contactPhone", sealed)).isEqualTo(new Opened.Text("13912345678"));
    }

    @Test
    void sealingTwiceGivesDifferentTextsThatOpenToTheSame() {
        String a = SealedFields.seal(key, "address", "朝阳区幸福街道12号楼");
        String b = SealedFields.seal(key, "address", "朝阳区幸福街道12号楼");

        assertThat(a).isNotEqualTo(b);
        assertThat(SealedFields.text(key, "address", a)).isEqualTo(SealedFields.text(key, "address", b))
                .isEqualTo("朝阳区幸福街道12号楼");
    }

    @Test
    void withoutItsKeyASealedFieldReadsAsErased() {
        String sealed = SealedFields.seal(key, "requesterName", "王阿姨");

        assertThat(SealedFields.open(null, "requesterName", sealed)).isEqualTo(new Opened.Erased());
        assertThat(SealedFields.text(null, "requesterName", sealed)).isNull();
    }

    @Test
    void plainTextFromBeforeSealingReadsAsItIs() {
        assertThat(SealedFields.open(null, "contactPhone", "13912345678")).isEqualTo(new Opened.Text("13912345678"));
        assertThat(SealedFields.isSealed("13912345678")).isFalse();
        assertThat(SealedFields.keyId("13912345678")).isEmpty();
        assertThat(SealedFields.seal(key, "requesterName", null)).isNull();
    }

    @Test
    void aFieldSealedAsAnotherFieldOrForAnotherRequestDoesNotOpen() {
        String phone = SealedFields.seal(key, "contactPhone", "13912345678");
        DataKey other = DataKey.generate("req-2");

        assertThatThrownBy(() -> SealedFields.open(key, "address", phone)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("altered or sealed as another field");
        assertThatThrownBy(() -> SealedFields.open(other, "contactPhone", phone))
                .hasMessageContaining("sealed with key req-1, not req-2");
    }

    @Test
    void anAlteredSealedFieldDoesNotOpen() {
        String sealed = SealedFields.seal(key, "contactPhone", "13912345678");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> SealedFields.open(key, "contactPhone", altered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDataKeyWrappedByTheMasterKeyUnwrapsOnlyWithItAndItsId() {
        MasterKey master = MasterKey.of(MasterKey.generate());
        String wrapped = master.wrap(key);
        String sealed = SealedFields.seal(key, "address", "幸福里3号");

        DataKey unwrapped = master.unwrap("req-1", wrapped);
        assertThat(SealedFields.text(unwrapped, "address", sealed)).isEqualTo("幸福里3号");
        assertThatThrownBy(() -> master.unwrap("req-2", wrapped)).hasMessageContaining("not wrapped by this master key");
        assertThatThrownBy(() -> MasterKey.of(MasterKey.generate()).unwrap("req-1", wrapped))
                .hasMessageContaining("not wrapped by this master key");
        assertThat(key.toString()).doesNotContain(java.util.Base64.getEncoder().encodeToString(key.key().getEncoded()));
    }

    @Test
    void aMasterKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> MasterKey.of("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> MasterKey.of("not base64!")).hasMessageContaining("not base64");
    }
}
