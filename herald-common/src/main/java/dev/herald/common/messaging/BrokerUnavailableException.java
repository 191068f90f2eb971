package dev.herald.common.messaging;

/** The broker could not take a message now: unreachable, refused it, or did not confirm it in time. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
