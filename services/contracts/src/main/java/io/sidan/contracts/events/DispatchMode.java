package io.sidan.contracts.events;

/** How a case reached its team: a dispatcher's directive, the automatic policy, or an open grab (抢单). */
public enum DispatchMode {
    DIRECTIVE, AUTOMATIC, GRAB
}
