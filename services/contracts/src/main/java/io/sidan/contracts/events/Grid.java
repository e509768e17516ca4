package io.sidan.contracts.events;

/** A grid (网格) of the community, with its leader (网格长). */
public record Grid(String code, String name, String district, @Nullable String leaderName, @Nullable String leaderPhone,
                   boolean active) {
}
