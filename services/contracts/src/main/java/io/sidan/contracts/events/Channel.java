package io.sidan.contracts.events;

/** How a request reached the platform. */
public enum Channel {
    APP, PHONE, KIOSK, WALK_IN
}
