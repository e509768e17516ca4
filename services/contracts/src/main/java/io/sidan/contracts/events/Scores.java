package io.sidan.contracts.events;

/** A rating on the 5-level scale: 5 非常满意, 4 满意, 3 一般, 2 不满意, 1 非常不满意. */
public record Scores(int overall, int timeliness, int attitude, int quality) {
}
