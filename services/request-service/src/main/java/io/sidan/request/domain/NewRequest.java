package io.sidan.request.domain;

import io.sidan.contracts.events.Channel;
import io.sidan.contracts.events.Location;
import io.sidan.contracts.events.TimeWindow;
import io.sidan.contracts.events.Urgency;

/**
 * A submission as the submitter wrote it, checked for shape but not yet against the catalogue or the
 * submitter's role ({@link SubmissionRules} does that). Its components are named and ordered like the
 * API's body, so its canonical JSON is the body's: an idempotency key's hash is taken over it.
 */
public record NewRequest(String category, String item, String title, String description, Location location,
                         Urgency urgency, String contactPhone, TimeWindow preferredWindow, Channel channel,
                         String requesterName) {
}
