package io.sidan.dispatch.domain;

import java.util.List;

/**
 * What the case decider needs to know about a team at the moment of a command: whether it is
 * active, what it serves, and how many open tasks it holds against its capacity.
 */
public record TeamFacts(String teamId, boolean active, List<String> categories, List<String> grids, int capacity,
                        int openTasks) {

    public boolean serves(String category) {
        return categories.contains(category);
    }

    public boolean covers(String grid) {
        return grids.contains(grid);
    }

    public boolean atCapacity() {
        return openTasks >= capacity;
    }
}
