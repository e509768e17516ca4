package io.sidan.contracts.domain;

/**
 * The caller is who they say but may not do or see this (a team account with no registered team, a team
 * asking for a contact outside its time to serve); services answer 403.
 */
public class NotAllowed extends RuntimeException {

    public NotAllowed(String message) {
        super(message);
    }
}
