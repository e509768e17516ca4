package io.sidan.contracts.events;

import java.util.List;

/**
 * A volunteer team: the categories it serves (skills), the grids it covers, how many open tasks it
 * takes at most, and its members.
 */
public record TeamProfile(String teamId, String name, List<String> categories, List<String> grids, int capacity,
                          List<Member> members, boolean active) {

    public record Member(String volunteerId, String name) {
    }
}
