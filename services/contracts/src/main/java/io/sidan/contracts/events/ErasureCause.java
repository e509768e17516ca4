package io.sidan.contracts.events;

/** Why a request's personal data was erased. */
public enum ErasureCause {
    /** An erasure request (by the resident, or filed for a caller) that an admin approved. */
    ERASURE_REQUEST,
    /** The retention period after the request ended ran out. */
    RETENTION
}
