package io.sidan.contracts.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void aMobileNumberKeepsItsPrefixAndLastFourDigits() {
        assertThat(PersonalData.maskPhone("13912345678")).isEqualTo("139****5678");
        assertThat(PersonalData.maskPhone(" 010-6512345 ")).isEqualTo("010****2345");
    }

    @Test
    void aShortNumberKeepsOnlyItsLastTwoDigits() {
        assertThat(PersonalData.maskPhone("12345")).isEqualTo("****45");
        assertThat(PersonalData.maskPhone("1")).isEqualTo("****1");
        assertThat(PersonalData.maskPhone(null)).isNull();
    }

    @Test
    void anAddressKeepsItsFirstThirdAtMostSixCharacters() {
        assertThat(PersonalData.maskAddress("朝阳区幸福街道12号楼3单元501室")).isEqualTo("朝阳区幸福街****");
        assertThat(PersonalData.maskAddress("幸福里3号")).isEqualTo("幸****");
        assertThat(PersonalData.maskAddress("1号")).isEqualTo("****");
        assertThat(PersonalData.maskAddress(null)).isNull();
    }

    @Test
    void coordinatesAreRoundedToAboutAKilometre() {
        assertThat(PersonalData.maskCoordinate(39.91234)).isEqualTo(39.91);
        assertThat(PersonalData.maskCoordinate(116.4075)).isEqualTo(116.41);
        assertThat(PersonalData.maskCoordinate(null)).isNull();
    }
}
