package io.sidan.eventing.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The positions the relay passes over, written as the ranges PostgreSQL checks each outbox row against. */
class OutboxRangesTest {

    @Test
    void followingPositionsMakeOneRangeAndGapsStartAnother() {
        assertThat(EventStore.ranges(List.of(7L, 1L, 2L, 3L, 4L, 9L, 10L))).isEqualTo("{[1,4],[7,7],[9,10]}");
    }

    @Test
    void aPositionGivenTwiceCountsOnce() {
        assertThat(EventStore.ranges(List.of(5L, 5L, 6L))).isEqualTo("{[5,6]}");
    }

    @Test
    void noPositionsIsTheEmptyMultirange() {
        assertThat(EventStore.ranges(List.of())).isEqualTo("{}");
    }
}
