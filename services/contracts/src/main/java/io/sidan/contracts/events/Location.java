package io.sidan.contracts.events;

/** Where the service is needed: the grid (网格) it belongs to, a street address, optional coordinates. */
public record Location(String grid, String address, @Nullable Double lat, @Nullable Double lon) {
}
