package io.sidan.contracts.events;

/** Why a dispatcher rejected a request. */
public enum RejectionReason {
    NOT_OUR_RESPONSIBILITY, OUTSIDE_SERVICE_AREA, DUPLICATE
}
