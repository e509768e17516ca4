package io.sidan.rating.domain;

import java.time.Instant;

import io.sidan.contracts.events.Party;
import io.sidan.contracts.events.Scores;

/** One party's rating of one round. */
public record Rating(Party party, String raterId, Scores scores, String comment, Instant at) {
}
