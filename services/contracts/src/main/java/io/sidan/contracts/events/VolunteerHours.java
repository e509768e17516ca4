package io.sidan.contracts.events;

/** Hours a volunteer spent on one service, reported by the team at completion. */
public record VolunteerHours(String volunteerId, String name, double hours) {
}
